// Vitest's global set-up: the whole test run, and every process it starts, gets a temp directory of
// its own (TMPDIR), removed when the run ends. The CLI keeps caches in the temp directory
// (src/cli/cache-dir.ts) and tests make temp projects there: without this, each run of the suite left
// ~300 MB in the machine's /tmp for a week, and a run could read caches an earlier build had left.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxas-eval-tests-'));
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
