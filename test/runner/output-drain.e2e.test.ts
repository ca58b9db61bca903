// A slow reader on a piped stdout still gets every byte: the CLI exits only after stdout drains
// (it used to exit on the next tick and cut the output at the pipe's buffer, ~64 KB).
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, tempProject } from '../helpers/cli.js';
import { echoApp } from './apps.js';

describe('piped output', async () => {
  const longName = `drain ${'n'.repeat(3000)}`;
  const spec = `conversations:\n  - name: ${longName}\n    repeat: 150\n    turns: [ { user: hi } ]\n`;
  const p = await tempProject({ 'app.yaml': echoApp(), 'specs/s.yaml': spec });
  afterAll(() => p.cleanup());

  it('is complete when the reader starts late', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'run', 'specs', '--emulator', 'app.yaml', '--reporter', 'list', '--output-dir', 'out'],
      {
        cwd: p.dir,
        env: { ...process.env, CI: '1', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Read nothing until the run had time to finish writing (and, before the fix, to exit).
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    const closed = new Promise((resolve) => child.on('close', resolve));
    const code = await exited;
    await closed;
    const out = Buffer.concat(chunks).toString('utf8');
    expect(code, stderr).toBe(0);
    expect(out.length).toBeGreaterThan(150 * 3000);
    expect(out.split('\n').filter((l) => l.startsWith(`✓ specs/s.yaml › ${longName}`))).toHaveLength(150);
    expect(out.trimEnd().endsWith('Status: passed')).toBe(true);
  }, 30_000);
});
