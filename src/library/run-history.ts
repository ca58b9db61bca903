// Keeps each finished run in the history (history.ts): an observer behind the redaction pass takes
// the final RunResult as reports see it, and `record()` stores it once the reports are written.
import * as path from 'node:path';
import type { RunResult } from '../model/result.js';
import type { Reporter } from '../reporters/index.js';
import { recordRun } from './history.js';
import type { RunIO } from './io.js';

export class HistoryRecorder {
  private result: RunResult | undefined;
  /** Placed among the reporters; it only remembers the (redacted) final result, so it cannot fail. */
  readonly observer: Reporter = {
    name: 'history',
    onRunEnd: (result) => {
      this.result = result;
    },
  };

  constructor(
    private readonly settings: { dir: string; keep: number } | undefined,
    private readonly resultsFile: string,
    private readonly reporterNames: readonly string[],
    private readonly cwd: string,
    private readonly io: Pick<RunIO, 'warn'>,
  ) {}

  async record(): Promise<void> {
    if (!this.settings || !this.result) return;
    const warning = await recordRun(this.result, {
      dir: path.resolve(this.cwd, this.settings.dir),
      keep: this.settings.keep,
      reportDir: path.dirname(this.resultsFile),
      ...(this.reporterNames.includes('json') ? { resultsFile: this.resultsFile } : {}),
    });
    if (warning) this.io.warn(`${warning}\n`);
  }
}
