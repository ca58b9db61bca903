// A conversation's details, built on its first expand: attempts, transcript, assertions, golden
// differences and a simulation's goals.
import type { SimulationResult, SimulationGoalResult, SimulatorCheckResult } from '../../../model/result.js';
import type { EmbeddedConversation, EmbeddedGolden } from '../data.js';
import { el, ms, wordsInto } from './dom.js';
import type { Review } from './review-api.js';
import { assertionLine, errorLine, turnBlock } from './transcript.js';

function goldenTable(g: EmbeddedGolden): HTMLElement {
  const wrap = el('div');
  wrap.appendChild(el('div', 'section', `Golden ${g.file} \u00b7 ${g.status}`));
  for (const ch of g.changes ?? []) wrap.appendChild(el('div', 'line k-other', ch));
  if (!g.diffs.length) return wrap;
  const table = el('table', 'golden');
  const head = el('tr');
  for (const h of ['Turn / field', 'Expected', 'Actual']) head.appendChild(el('th', '', h));
  table.appendChild(head);
  for (const d of g.diffs) {
    const tr = el('tr');
    tr.appendChild(el('td', '', `turn ${d.turn + 1} \u00b7 ${d.field}`));
    const exp = el('td', 'exp');
    exp.appendChild(wordsInto(el('pre'), d.words, '-'));
    tr.appendChild(exp);
    const act = el('td', 'act');
    act.appendChild(wordsInto(el('pre'), d.words, '+'));
    tr.appendChild(act);
    table.appendChild(tr);
  }
  wrap.appendChild(table);
  return wrap;
}

type GoalStatus = SimulationGoalResult['status'];
type CheckStatus = SimulatorCheckResult['status'];
const GOAL_MARK: Record<GoalStatus, string> = {
  met: '\u2713 met',
  'not-met': '\u2717 not met',
  error: '! error',
  'not-graded': '- not graded',
};
const GOAL_CLASS: Record<GoalStatus, string> = {
  met: 'passed',
  'not-met': 'failed',
  error: 'error',
  'not-graded': 'skipped',
};
const CHECK_MARK: Record<CheckStatus, string> = {
  ok: '\u2713 kept to its brief',
  fault: '! simulator fault',
  error: '! simulator check error',
};
const CHECK_CLASS: Record<CheckStatus, string> = { ok: 'passed', fault: 'error', error: 'error' };

/** ` · evidence turns 1, 3 · votes 2/3`, each part only when there is one. */
function evidence(g: { evidenceTurns: number[]; votes?: string }): string {
  return (
    (g.evidenceTurns.length ? ` \u00b7 evidence turns ${g.evidenceTurns.join(', ')}` : '') +
    (g.votes ? ` \u00b7 votes ${g.votes}` : '')
  );
}

function simulationHead(s: SimulationResult): string {
  const u = s.userUsage;
  return (
    `Simulation \u00b7 stopped: ${s.stopReason} \u00b7 ${s.turns} turn(s) \u00b7 user model ${s.userModel}` +
    ` (${u.calls} call(s), ${u.cacheHits} cached, ${u.inputTokens + u.outputTokens} tokens)`
  );
}

function simulationBlock(s: SimulationResult, c: EmbeddedConversation, review: Review): HTMLElement {
  const wrap = el('div', 'goals');
  wrap.appendChild(el('div', 'section', simulationHead(s)));
  if (s.stopMessage) wrap.appendChild(el('div', 'line k-other', s.stopMessage));
  s.goals.forEach((g, i) => {
    const text = `${GOAL_MARK[g.status]} \u00b7 goal ${i + 1}: ${g.goal} \u2014 ${g.reason}${evidence(g)}`;
    wrap.appendChild(review.goal(el('div', `a a-${GOAL_CLASS[g.status]}`, text), c, g, i));
  });
  const k = s.check;
  if (k) {
    const text = `${CHECK_MARK[k.status]} \u00b7 simulated user: ${k.reason}${evidence(k)}`;
    wrap.appendChild(el('div', `a a-${CHECK_CLASS[k.status]}`, text));
  }
  return wrap;
}

function attemptsBlock(d: HTMLElement, c: EmbeddedConversation): void {
  d.appendChild(el('div', 'section', 'Attempts'));
  for (const a of c.attempts) {
    const line =
      `#${a.attempt} ${a.status} ${ms(a.durationMs)} session ${a.sessionId}` +
      (a.error ? ` \u00b7 ${a.error.code}: ${a.error.message}` : '') +
      (a.retryDelayMs !== undefined ? ` \u00b7 retried after ${ms(a.retryDelayMs)}` : '');
    d.appendChild(el('div', 'line k-other', line));
  }
}

export function details(c: EmbeddedConversation, review: Review): HTMLElement {
  const d = el('div', 'detail');
  if (c.loc) d.appendChild(el('div', 'line k-other', c.loc));
  if (c.skipReason) d.appendChild(el('div', 'err', `skipped: ${c.skipReason}`));
  if (c.error) d.appendChild(errorLine(c.error, c.errorLoc));
  if (c.attempts.length > 1) attemptsBlock(d, c);
  d.appendChild(el('div', 'section', 'Transcript'));
  for (const t of c.turns) d.appendChild(turnBlock(t, c, review));
  if (c.assertions.length) {
    d.appendChild(el('div', 'section', 'Conversation assertions'));
    c.assertions.forEach((a, i) => d.appendChild(review.verdict(assertionLine(a), c, a, `c.${i}`)));
  }
  if (c.golden) d.appendChild(goldenTable(c.golden));
  if (c.simulation) d.appendChild(simulationBlock(c.simulation, c, review));
  return d;
}
