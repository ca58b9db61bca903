// `run --watch` reloads the emulator app when its file changes and takes Vitest's keys (issue 25
// point 8): one CLI start with keys on a piped stdin — f re-runs the failed conversation, an edit of
// the app file reloads it and re-runs everything, u updates goldens, a re-runs all, q quits; then on
// a pseudo-terminal (script(1)), where keys come without Enter and Ctrl-C is a character.
import { spawn } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, tempProject } from '../helpers/cli.js';

const app = (greeting: string) => `app: projects/test/locations/us/apps/watched
rootAgent: root_agent
agents:
  root_agent:
    routes:
      - on: { default: true }
        say: ${greeting}
`;
const SPEC = `conversations:
  - name: greets
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Welcome }
  - name: says goodbye too
    turns:
      - event: WELCOME
        expect:
          - text: { contains: Goodbye }
`;

describe('run --watch keys and app reload', async () => {
  const project = await tempProject({ 'app.yaml': app('Welcome!'), 'specs/a.yaml': SPEC });
  afterAll(() => project.cleanup());

  it('re-runs the failed one (f), reloads an edited app, updates goldens (u), re-runs all (a), quits (q)', async () => {
    const args = ['run', 'specs', '--watch', '--emulator', 'app.yaml', '--reporter', 'list,json', '--no-history'];
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: project.dir,
      env: { ...process.env, CI: '', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let seen = 0;
    /** The output of the next run: what was printed until the next "Watching" line. */
    const nextRun = async (): Promise<string> => {
      seen += 1;
      const deadline = Date.now() + 30_000;
      while ((out.match(/Watching specs for changes/g) ?? []).length < seen) {
        if (Date.now() > deadline) throw new Error(`no run ${seen} in:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const parts = out.split(/Watching specs for changes[^\n]*\n/);
      return parts[seen - 1]!;
    };

    const first = await nextRun();
    expect(first).toMatch(/2 conversations: 1 passed, 1 failed/);
    expect(out).toContain('press a to re-run all, f failed, u to update goldens, q to quit');

    child.stdin.write('f');
    const failed = await nextRun();
    expect(failed).toContain('Re-running the 1 conversation(s) that failed');
    expect(failed).toMatch(/1 conversation: 0 passed, 1 failed/);
    expect(failed).not.toContain('› greets');

    await writeFile(path.join(project.dir, 'app.yaml'), app('Welcome! Goodbye for now.'));
    const reloaded = await nextRun();
    expect(reloaded).toContain('The emulator app changed: reloading it, then re-running every spec file');
    expect(reloaded).toMatch(/2 conversations: 2 passed/);

    // An app that does not load is reported; the one loaded before keeps serving (u and a pass below).
    await writeFile(path.join(project.dir, 'app.yaml'), app('Welcome!').replace('say:', 'sai:'));
    expect(await nextRun()).toMatch(/app\.yaml:7:9 agents\.root_agent\.routes\[0\]: unknown key "sai"/);

    child.stdin.write('u');
    const updated = await nextRun();
    expect(updated).toContain('updating goldens');
    expect(updated).toMatch(/2 conversations: 2 passed/);
    expect((await readdir(path.join(project.dir, 'goldens'), { recursive: true })).length).toBeGreaterThan(0);

    child.stdin.write('a');
    expect(await nextRun()).toMatch(/Re-running every spec file\n[\s\S]*2 conversations: 2 passed/);

    child.stdin.write('q');
    expect(await exited).toBe(0);
  });

  it('reads keys without Enter on a terminal, where Ctrl-C still stops watching', async () => {
    await writeFile(path.join(project.dir, 'app.yaml'), app('Welcome! Goodbye.'));
    // script(1) (util-linux) runs the CLI on a pseudo-terminal: stdin is a TTY, read in raw mode.
    const command = [process.execPath, CLI, 'run', 'specs', '--watch', '--emulator', 'app.yaml', '--no-history']
      .map((a) => `'${a}'`)
      .join(' ');
    const child = spawn('script', ['-qfec', `${command} --reporter list`, '/dev/null'], {
      cwd: project.dir,
      env: { ...process.env, CI: '', NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    // A terminal gets colours, progress lines and CRLF: compare the plain text.
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const plain = (): string => stripVTControlCharacters(out).replaceAll('\r', '');
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const watching = async (n: number): Promise<void> => {
      const deadline = Date.now() + 30_000;
      while ((plain().match(/Watching specs for changes/g) ?? []).length < n) {
        if (Date.now() > deadline) throw new Error(`no run ${n} in:\n${plain()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await watching(1);
    child.stdin.write('a');
    await watching(2);
    expect(plain()).toMatch(/Re-running every spec file\n[\s\S]*2 conversations: 2 passed/);
    child.stdin.write('\x03');
    expect(await exited).toBe(0);
  });
});
