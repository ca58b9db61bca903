// `cxas-eval run specs` in a temp project against the demo app on the emulator with the list, json,
// junit and html reporters, and the reports read back: the end-to-end shape of the judge and
// simulation suites (test/judge/e2e-project.ts, test/simulation/project.ts).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunResult } from '../../src/model/result.js';
import { readJson, runArgs, runCli, type CliResult } from './cli.js';

export interface ReportedRun {
  cli: CliResult;
  results: RunResult;
  junit: string;
  html: string;
}

/** Runs the project in `dir` (extra CLI arguments after the defaults) and reads its reports from out/. */
export async function runDemoWithReports(
  dir: string,
  env: NodeJS.ProcessEnv,
  extra: string[] = [],
): Promise<ReportedRun> {
  const cli = await runCli(runArgs({ reporter: 'list,json,junit,html' }, ...extra), { cwd: dir, env });
  const out = path.join(dir, 'out');
  return {
    cli,
    results: await readJson<RunResult>(path.join(out, 'results.json')),
    junit: await readFile(path.join(out, 'junit.xml'), 'utf8'),
    html: await readFile(path.join(out, 'report.html'), 'utf8'),
  };
}
