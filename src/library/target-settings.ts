// Settings that name a target the run would not reach are said, never silently ignored: a user who
// passes `--emulator` to a replay, or `--ws-endpoint` to a run served in-process, believes the run went there.
import { RunInputError } from './errors.js';
import type { EffectiveRunOptions, RunSettings } from './run-options.js';

/** The settings naming where the agent is, as the CLI's flags name them (the library's in brackets). */
const TARGET_SETTINGS = [
  ['app', '--app'],
  ['endpoint', '--endpoint'],
  ['insecure', '--insecure'],
  ['websocketEndpoint', '--ws-endpoint'],
  ['apiVersion', '--api-version'],
  ['emulator', '--emulator'],
] as const satisfies readonly (readonly [keyof RunSettings, string])[];

const named = (key: string, flag: string): string => `${flag} (${key})`;

/**
 * Under a replay a target setting is said to reach nothing (a warning: the replay is what was asked
 * for, and a script adding --replay to its usual flags still runs). `--ws-endpoint` for a run the
 * in-process emulator serves is a RunInputError: its audio would go elsewhere than the user believes.
 */
export function checkTargetSettings(
  settings: RunSettings,
  opts: EffectiveRunOptions,
  warn: (text: string) => void,
): void {
  if (settings.replay !== undefined) {
    const ignored = TARGET_SETTINGS.filter(([key]) => settings[key] !== undefined).map(([key, flag]) =>
      named(key, flag),
    );
    if (ignored.length)
      warn(
        `cxas-eval: warning: --replay serves the stored run's agent in-process, nothing is reached: ` +
          `${ignored.join(', ')} ${ignored.length === 1 ? 'has' : 'have'} no effect\n`,
      );
    return;
  }
  // The in-process emulator serves its own bridge; the flag is for a standalone server's.
  if (settings.websocketEndpoint !== undefined && (opts.emulator !== undefined || opts.endpoint === undefined))
    throw new RunInputError(
      `${named('websocketEndpoint', '--ws-endpoint')} is the audio bridge of the server at --endpoint; this run is ` +
        'served by the in-process emulator, which has its own: give --endpoint, or drop it',
    );
}
