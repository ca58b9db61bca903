// What a conversation asks of the run that replays it — tool-call mode, run count, pass rate —
// which the platform sets per run, not per evaluation. Push writes them into the description, one
// `key: value` line each after the spec marker; `platform run` reads them back and starts one run
// per distinct setting, so each evaluation replays as its spec says.
import type { ConversationSpec } from '../../model/spec.js';

export interface RunSettings {
  /** `useToolFakes: true` → FAKE; otherwise the app's real tools, as a local run. */
  toolCalls: 'fake' | 'real';
  runCount: number;
  passRate?: number;
}

export function runSettingsOf(c: ConversationSpec): RunSettings {
  return {
    toolCalls: c.useToolFakes === true ? 'fake' : 'real',
    runCount: c.repeat,
    ...(c.passRate !== undefined ? { passRate: c.passRate } : {}),
  };
}

/** Description lines; the defaults (real tools, one run) write nothing. */
export function describeRunSettings(s: RunSettings): string[] {
  return [
    ...(s.toolCalls === 'fake' ? ['tool calls: fake'] : []),
    ...(s.runCount > 1 ? [`runs: ${s.runCount}`] : []),
    ...(s.passRate !== undefined ? [`pass rate: ${s.passRate}`] : []),
  ];
}

/** The settings written by describeRunSettings, from a pushed evaluation's description. */
export function parseRunSettings(description: string): RunSettings {
  const line = (key: string) => new RegExp(`^${key}: (.+)$`, 'm').exec(description)?.[1]?.trim();
  const runs = Number(line('runs') ?? 1);
  const passRate = line('pass rate');
  return {
    toolCalls: line('tool calls') === 'fake' ? 'fake' : 'real',
    runCount: Number.isInteger(runs) && runs > 0 ? runs : 1,
    ...(passRate !== undefined && Number.isFinite(Number(passRate)) ? { passRate: Number(passRate) } : {}),
  };
}
