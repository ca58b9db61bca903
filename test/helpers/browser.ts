// Debian's Chromium for the tests that check HTML reports in a real browser: playwright-core drives
// it, nothing is downloaded. Callers skip (or, on CI, fail) first with skipWithoutChromium().
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from './system-tools.js';

/** Headless Chromium without the sandbox or a GPU (neither exists in a container), plus a test's own flags. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', ...extraArgs] });
}
