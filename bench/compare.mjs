// compare: `cxas-eval compare` of two runs of 10,000 conversations × 5 repeats (2 turns each) with
// 10,000 bootstrap resamples, timed against reading and validating both results.json files (the
// part no comparison can avoid). Prints compare-only and whole-command (read + compare + JSON)
// times as ratios to the read; the target is a whole-command ratio of at most 2.
// Run after `npm run build` (imports the built dist/).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { compareRuns } from '../dist/compare/index.js';
import { loadRunResult } from '../dist/reporters/index.js';
import { renderJson } from '../dist/reporters/json.js';
import { emptyTurnResult } from '../dist/model/turn.js';
import { finalizeRun } from '../dist/model/finalize.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const REPEATS = 5;
const RESAMPLES = 10_000;
const TARGET = 2;

function turn(i, c, text) {
  const user = `Question ${i} of conversation ${c}: what is my balance?`;
  const inputs = [{ kind: 'text', text: user }];
  return {
    index: i,
    inputs,
    loc: { file: `specs/suite-${c % 40}.yaml`, line: 10 + i * 4, col: 9 },
    assertions: [{ matcher: 'text', negated: false, status: 'passed', message: 'text matched', turn: i }],
    result: {
      ...emptyTurnResult(i + 1),
      inputs,
      text,
      textParts: [text],
      transcript: [
        { kind: 'user', text: user, input: 'text' },
        { kind: 'agent', role: 'root_agent', text },
      ],
      latency: { totalMs: 80 + ((c * 37 + i * 11) % 900) },
    },
  };
}

/** Deterministic pass/fail: conversation c passes at its own rate; the head is 3 points worse. */
function passes(c, r, drop) {
  const rate = 0.6 + ((c * 7919) % 400) / 1000 - drop;
  return ((c * 31 + r * 17) % 100) / 100 < rate;
}

function runResult(runId, drop, startedAt) {
  const conversations = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const file = `specs/suite-${c % 40}.yaml`;
    for (let r = 0; r < REPEATS; r++) {
      const status = passes(c, r, drop) ? 'passed' : 'failed';
      conversations.push({
        id: `${file}#conv ${c}#${r}`,
        specId: `${file}#conv ${c}`,
        name: `conversation ${c}`,
        file,
        loc: { file, line: 3, col: 5 },
        tags: [],
        runIndex: r,
        repeat: REPEATS,
        modality: 'text',
        status,
        startedAt,
        durationMs: 1500,
        attempts: [{ attempt: 1, sessionId: `s${c}-${r}`, status, durationMs: 1500 }],
        turns: [0, 1].map((i) => turn(i, c, status === 'passed' ? 'Your balance is $42.' : 'Sorry?')),
        assertions: [],
      });
    }
  }
  return finalizeRun({
    runId,
    toolVersion: 'bench',
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 600_000).toISOString(),
    target: { emulator: true, apiVersion: 'v1' },
    conversations,
  });
}

const dir = await mkdtemp(path.join(tmpdir(), 'cxas-bench-compare-'));
try {
  const files = [path.join(dir, 'base.json'), path.join(dir, 'head.json')];
  await writeFile(files[0], renderJson(runResult('base', 0, '2026-01-01T10:00:00.000Z')));
  await writeFile(files[1], renderJson(runResult('head', 0.03, '2026-01-02T10:00:00.000Z')));
  await loadRunResult(files[0]); // compile the schema validator once, as any first read does

  let t0 = performance.now();
  const [base, head] = await Promise.all(files.map((f) => loadRunResult(f)));
  const readMs = performance.now() - t0;

  t0 = performance.now();
  const comparison = compareRuns(
    { label: 'base', result: base },
    { label: 'head', result: head },
    { settings: { resamples: RESAMPLES } },
  );
  const json = JSON.stringify(comparison);
  const compareMs = performance.now() - t0;

  const s = comparison.suite;
  console.log(
    `suite ${s.verdict}: ${(s.difference * 100).toFixed(2)} pt, CI [${(s.interval.low * 100).toFixed(2)}, ` +
      `${(s.interval.high * 100).toFixed(2)}], ${(json.length / 1e6).toFixed(1)} MB of JSON`,
  );
  const ratio = (readMs + compareMs) / readMs;
  console.log(
    `compare: ${CONVERSATIONS} conversations × ${REPEATS} repeats, ${RESAMPLES} resamples: read+validate ` +
      `${Math.round(readMs)} ms, compare ${Math.round(compareMs)} ms (${(compareMs / readMs).toFixed(2)}× the read); ` +
      `whole ${ratio.toFixed(2)}× the read (target ≤ ${TARGET})`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
