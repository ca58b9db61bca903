// platformRun's option names, checked before any platform call: a JavaScript caller's misspelt or
// outdated name (`tags`, which a `selection` replaced) was ignored, and every evaluation of the app
// ran. The table is typed against the options, so an option added without its name does not compile.
import { quoted } from '../../model/location.js';
import type { PlatformRunOptions } from './index.js';

const NAMES: Record<keyof PlatformRunOptions, true> = {
  files: true,
  specRoot: true,
  selection: true,
  lossy: true,
  policy: true,
  repeat: true,
  wait: true,
  timeoutMs: true,
  intervalMs: true,
  onProgress: true,
  onStarted: true,
  toolVersion: true,
  target: true,
  runCount: true,
  goldenRunMethod: true,
  toolCalls: true,
  displayName: true,
};

/** The selection's own keys, given at the top level: where they go instead. */
const SELECTION_KEYS = new Set(['tags', 'excludeTags', 'grep', 'grepInvert', 'filter']);

/** Throws a TypeError naming the first option platformRun has no option for. */
export function checkPlatformRunOptionNames(opts: object): void {
  const unknown = Object.keys(opts).find((name) => !Object.hasOwn(NAMES, name));
  if (unknown === undefined) return;
  const hint = SELECTION_KEYS.has(unknown)
    ? ` (it goes in selection: { ${unknown} })`
    : ` (one of ${Object.keys(NAMES).join(', ')})`;
  throw new TypeError(`unknown platformRun option ${quoted(unknown)}${hint}`);
}
