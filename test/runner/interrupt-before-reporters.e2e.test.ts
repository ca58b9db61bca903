// A forced stop (SIGTERM) after the run took over the signals but before its reporters are ready
// (here a --baseline still being read) must not leave the previous run's green reports behind as if
// they were this run's (README "What is guaranteed on interrupt").
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { NO_CREDENTIALS, ROOT, startCli, tempProject, type CliResult } from '../helpers/cli.js';
import { echoApp } from './apps.js';

const STALE = ['results.json', 'junit.xml', 'report.html', 'base/results.json'];
const PRELOAD = pathToFileURL(path.join(ROOT, 'test/fixtures/preload/slow-file.mjs')).href;

describe('a forced stop before the reporters are ready', async () => {
  const p = await tempProject({
    'a.yaml': echoApp(),
    'specs/s.yaml':
      'conversations:\n  - name: hello\n    turns: [ { user: hi, expect: [ { text: { contains: echo } } ] } ]\n',
    'old-run.json': '{}',
  });
  afterAll(() => p.cleanup());

  /** A previous green run's reports (and a --versions base side's) in `out`. */
  async function staleReports(out: string): Promise<void> {
    await mkdir(path.join(p.dir, out, 'base'), { recursive: true });
    for (const f of STALE) await writeFile(path.join(p.dir, out, f), 'from the previous run');
  }

  /** Runs `args`, sending SIGTERM while the file matching `slow` is being read (3 s, preload). */
  async function termWhileReading(args: string[], slow: RegExp): Promise<CliResult> {
    const { child, done } = startCli(args, {
      cwd: p.dir,
      env: { ...NO_CREDENTIALS, NODE_OPTIONS: `--import=${PRELOAD}`, CXAS_TEST_SLOW_FILE: slow.source },
    });
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
      if (stderr.includes('(slow read of') && !child.killed) child.kill('SIGTERM');
    });
    return done;
  }

  function expectRemoved(res: CliResult, out: string): void {
    expect(res.code, res.stderr).toBe(143);
    const removed = `cxas-eval: removed the previous run's reports from ${out} (they are not this run's).`;
    expect(res.stderr).toContain(removed);
    // Gone, or (had the run gone on to write it before exiting) this run's.
    for (const f of STALE) {
      const file = path.join(p.dir, out, f);
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      expect(text, `${f} of the previous run`).not.toContain('from the previous run');
    }
  }

  it('while a --baseline is being read: the previous reports are removed, exit 143', async () => {
    await staleReports('outB');
    const res = await termWhileReading(
      ['run', 'specs', '--emulator', 'a.yaml', '--no-history', '--output-dir', 'outB', '--baseline', 'old-run.json'],
      /old-run\.json$/,
    );
    expectRemoved(res, 'outB');
  }, 30_000);
});
