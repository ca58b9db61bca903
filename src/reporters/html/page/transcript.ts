// A turn's lines in the page: what the user sent, the transcript, audio, errors and assertions.
import type { ErrorInfo } from '../../../model/result.js';
import type { TurnInput } from '../../../model/turn.js';
import type { EmbeddedAssertion, EmbeddedConversation, EmbeddedTurn } from '../data.js';
import { json, transcriptEntryLine } from '../../transcript-line.js';
import { el, ms, wordsInto } from './dom.js';
import type { Review } from './review-api.js';

export function assertionLine(a: EmbeddedAssertion): HTMLElement {
  const mark = a.status === 'passed' ? '\u2713 ' : a.status === 'skipped' ? '- ' : '\u2717 ';
  const line = el('div', `a a-${a.status}`, `${mark}${a.negated ? 'not ' : ''}${a.matcher}: ${a.message}`);
  if (a.loc) line.appendChild(el('span', 'loc', a.loc));
  if (a.words) {
    const w = el('div', 'words');
    w.appendChild(wordsInto(el('div', 'line exp', 'expected: '), a.words, '-'));
    w.appendChild(wordsInto(el('div', 'line act', 'actual:   '), a.words, '+'));
    line.appendChild(w);
  }
  return line;
}

export function errorLine(e: ErrorInfo, where?: string): HTMLElement {
  const line = el('div', 'err', `! ${e.code}: ${e.message}`);
  if (where) line.appendChild(el('span', 'loc', where));
  return line;
}

function inputText(i: TurnInput): string {
  if (i.kind === 'text') return `USER QUERY: ${i.text}`;
  if (i.kind === 'event') return `USER EVENT: ${i.event}`;
  if (i.kind === 'dtmf') return `USER DTMF: ${i.digits}`;
  if (i.kind === 'variables') return `USER VARIABLES: ${json(i.variables)}`;
  const file = 'file' in i ? i.file : undefined;
  const say = 'say' in i ? i.say : undefined;
  return `USER ${String(i.kind).toUpperCase()}: ${file || say || json(i)}`;
}

/** Entry kinds with a style of their own (`k-<kind>`); the rest are `k-other`. */
const STYLED = new Set(['user', 'agent', 'toolCall', 'toolResponse', 'transfer', 'payload', 'variables']);

/** Audio paths are relative files written next to the report; anything with a scheme is refused. */
function audio(src: string | undefined, label: string): HTMLElement | null {
  if (!src || /^[a-z][a-z0-9+.-]*:/i.test(src) || src.indexOf('//') === 0) return null;
  const wrap = el('div', 'line k-other', `${label} `);
  const a = document.createElement('audio');
  a.controls = true;
  a.preload = 'none';
  a.setAttribute('src', src);
  wrap.appendChild(a);
  return wrap;
}

function turnHead(t: EmbeddedTurn): string {
  return (
    `Turn ${t.index + 1}${t.label ? ` (${t.label})` : ''}` +
    `${t.latencyMs !== undefined ? ` \u00b7 ${ms(t.latencyMs)}` : ''}${t.loc ? ` \u00b7 ${t.loc}` : ''}`
  );
}

export function turnBlock(t: EmbeddedTurn, c: EmbeddedConversation, review: Review): HTMLElement {
  const box = el('div', 'turn');
  box.appendChild(el('div', 'turn-head', turnHead(t)));
  for (const i of t.inputs ?? []) box.appendChild(el('div', 'line k-user', inputText(i)));
  for (const e of t.transcript) {
    box.appendChild(el('div', `line k-${STYLED.has(e.kind) ? e.kind : 'other'}`, transcriptEntryLine(e)));
  }
  if (t.audio) {
    for (const n of [audio(t.audio.user, 'user audio'), audio(t.audio.agent, 'agent audio')]) {
      if (n) box.appendChild(n);
    }
  }
  if (t.error) box.appendChild(errorLine(t.error));
  t.assertions.forEach((a, i) => {
    box.appendChild(review.verdict(assertionLine(a), c, a, `t${t.index}.${i}`, t.index));
  });
  return box;
}
