// What `npm pack` ships (package.json `files`) holds every file the package points its users at: the
// docs README.md links to, the sources its source maps name (carried in the maps: `inlineSources` in
// tsconfig.build.json, as src/ is not shipped), and the fidelity table `platform push` names when it
// refuses a conversation (as a path from where it runs, which resolves in an installed package too). The packed list is
// npm's own (`npm pack --dry-run --json`, nothing written); the push runs the built CLI against the
// emulator over loopback.
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/emulator/index.js';
import { DEMO_APP, ROOT, runCli, tempProject } from './helpers/cli.js';

interface SourceMap {
  sources: string[];
  sourcesContent?: Array<string | null>;
}

function packedFiles(): Set<string> {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(res.status, res.stderr).toBe(0);
  const [pack] = JSON.parse(res.stdout) as Array<{ files: Array<{ path: string }> }>;
  return new Set(pack!.files.map((f) => f.path));
}

const APP = 'projects/demo/locations/us/apps/cymbal-support';
// A regex is something the platform cannot check as the spec means: the conversation is refused.
const REFUSED = `app: ${APP}
conversations:
  - name: regex
    turns:
      - user: what is my balance
        expect: [{ text: { matches: "/\\\\$42/" } }]
`;

describe('the package ships what it points at', async () => {
  const files = packedFiles();
  const emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: {} });
  const project = await tempProject({ 'specs/a.yaml': REFUSED });
  afterAll(async () => {
    await emulator.stop();
    await project.cleanup();
  });

  it('every docs/ and schemas/ file README.md links to', async () => {
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const linked = [...readme.matchAll(/\]\(((?:docs|schemas)\/[^)#\s]+)/g)].map((m) => m[1]!);
    expect(linked).toContain('docs/platform-fidelity.md');
    expect(linked.filter((f) => !files.has(f))).toEqual([]);
  });

  it("every source map's sources: carried in the map (sourcesContent) or shipped beside it", async () => {
    const maps = [...files].filter((f) => f.endsWith('.js.map'));
    expect(maps).toContain('dist/index.js.map');
    const unresolved: string[] = [];
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(await readFile(path.join(ROOT, map), 'utf8')) as SourceMap;
      sources.forEach((source, i) => {
        const shipped = path.posix.join(path.posix.dirname(map), source);
        if (typeof sourcesContent?.[i] !== 'string' && !files.has(shipped)) unresolved.push(`${map} → ${source}`);
      });
    }
    expect(unresolved).toEqual([]);
    // What a map carries is the source it was built from, not a stale copy.
    const entry = JSON.parse(await readFile(path.join(ROOT, 'dist/index.js.map'), 'utf8')) as SourceMap;
    expect(entry.sources).toEqual(['../src/index.ts']);
    expect(entry.sourcesContent).toEqual([await readFile(path.join(ROOT, 'src/index.ts'), 'utf8')]);
  });

  it('the fidelity table `platform push` names for a refused conversation', async () => {
    const push = await runCli(['platform', 'push', 'specs', '--endpoint', emulator.address, '--insecure'], {
      cwd: project.dir,
    });
    const named = /; (\S+platform-fidelity\.md) lists why\./.exec(push.stdout)?.[1];
    expect(named, push.stdout + push.stderr).toBeDefined();
    const shipped = path.relative(ROOT, path.resolve(project.dir, named!)).split(path.sep).join('/');
    expect(shipped).toBe('docs/platform-fidelity.md');
    expect(files.has(shipped)).toBe(true);
  });
});
