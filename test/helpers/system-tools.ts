// Tests that need a system tool (Debian's chromium, espeak-ng) skip without it on a developer's
// machine, but under CI=true a missing tool fails the test file: CI must never go green on browser
// or speech tests that did not run (.ci/run installs both).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

/** Any CI system's flag (CI=true, CI=1...): only an empty value, `false` or `0` means a developer's machine. */
export function onCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = (env['CI'] ?? '').trim().toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

/** True when the tests needing `what` must be skipped; throws under CI instead. */
export function skipWithout(available: boolean, what: string): boolean {
  if (available) return false;
  if (onCi()) throw new Error(`${what} is missing: CI must run these tests (see .ci/run)`);
  return true;
}

export function skipWithoutChromium(): boolean {
  return skipWithout(existsSync(CHROMIUM), `Chromium (${CHROMIUM})`);
}

export function skipWithoutEspeak(): boolean {
  let available = true;
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
  } catch {
    available = false;
  }
  return skipWithout(available, 'espeak-ng');
}
