// Options the schema accepts one by one but that do nothing, or cannot work, where they are written:
// each is an error at its key, so a spec never seems to check more than it does (validate used to
// accept `text: {contains: x, threshold: 0.9}`, and a run then ignored the threshold).
import type { SpecError } from '../../validation/index.js';
import type { NegatedExpectationDocument } from './document.js';
import type { Source } from './source.js';

type Path = Array<string | number>;

/** Where the expectation is written: a turn's `expect`, or the conversation's. */
export type Level = 'turn' | 'conversation';

/** An option that has no effect: its matcher, its key and why. */
interface Idle {
  matcher: string;
  key: string;
  text: string;
}

const CITATION_FIELDS = ['uri', 'title', 'text', 'requiresAttribution'] as const;

function textIdle(matcher: 'text' | 'transcript', e: NegatedExpectationDocument): Idle[] {
  const o = e[matcher];
  if (typeof o !== 'object' || o.threshold === undefined || o.similar !== undefined) return [];
  return [
    {
      matcher,
      key: 'threshold',
      text: 'threshold is the similarity that similar needs: without similar it has no effect',
    },
  ];
}

function toolCallIdle(e: NegatedExpectationDocument, level: Level): Idle[] {
  const o = e.toolCall;
  if (typeof o !== 'object') return [];
  const idle: Idle[] = [];
  const add = (key: string, text: string): number => idle.push({ matcher: 'toolCall', key, text });
  if (o.argsMode !== undefined && o.args === undefined)
    add('argsMode', 'argsMode says how args compare: without args it has no effect');
  if (o.nameMatch !== undefined && o.anyTool === true)
    add('nameMatch', 'nameMatch says how the name compares: with anyTool: true there is no name');
  if (level === 'conversation' && o.scope === 'turn')
    add('scope', "scope: turn needs a turn, and a conversation's expect has none: write it in a turn's expect");
  return idle;
}

function transferIdle(e: NegatedExpectationDocument): Idle[] {
  const o = e.transfer;
  if (typeof o !== 'object') return [];
  const idle: Idle[] = [];
  if (o.to !== undefined && o.mode !== undefined)
    idle.push({
      matcher: 'transfer',
      key: 'mode',
      text: 'mode goes with chain (whether other hops may come between), not to',
    });
  if (o.chain !== undefined && o.count !== undefined)
    idle.push({ matcher: 'transfer', key: 'count', text: 'count goes with to (how many transfers to it), not chain' });
  return idle;
}

function citationsIdle(e: NegatedExpectationDocument): Idle[] {
  const o = e.citations;
  if (o === undefined || o.mode === undefined || CITATION_FIELDS.some((f) => o[f] !== undefined)) return [];
  const text = `mode says how the fields given compare: with none of ${CITATION_FIELDS.join(', ')} it has no effect`;
  return [{ matcher: 'citations', key: 'mode', text }];
}

function toolSequenceIdle(e: NegatedExpectationDocument): Idle[] {
  const o = e.toolSequence;
  if (o === undefined) return [];
  const mode = o.mode ?? 'inOrder';
  const idle: Idle[] = [];
  // exact and inOrder need every tool, in order: recall is 1 whenever they hold, so a lower minRecall
  // would look like a relaxation the check never makes (minRecall: 1 says what the mode already does).
  if (o.minRecall !== undefined && o.minRecall < 1 && mode !== 'anyOrder')
    idle.push({
      matcher: 'toolSequence',
      key: 'minRecall',
      text:
        `${mode} needs every tool (recall 1), so a minRecall below 1 has no effect there: ` +
        'write mode: anyOrder to pass on part of the tools',
    });
  // exact allows no call but the tools listed: precision is 1 whenever it holds, so a lower
  // minPrecision would look like room for other calls that the check never gives.
  if (o.minPrecision !== undefined && o.minPrecision < 1 && mode === 'exact')
    idle.push({
      matcher: 'toolSequence',
      key: 'minPrecision',
      text:
        'exact allows no other calls (precision 1), so a minPrecision below 1 has no effect there: ' +
        'write mode: inOrder or anyOrder to allow other calls',
    });
  return idle;
}

/** Every option of `e` that has no effect where it is written, as an error at its key. */
export function checkOptionEffects(
  source: Source,
  e: NegatedExpectationDocument,
  at: Path,
  level: Level,
  errors: SpecError[],
): void {
  const idle = [
    ...textIdle('text', e),
    ...textIdle('transcript', e),
    ...toolCallIdle(e, level),
    ...transferIdle(e),
    ...citationsIdle(e),
    ...toolSequenceIdle(e),
  ];
  for (const { matcher, key, text } of idle)
    errors.push(source.error('BAD_VALUE', [...at, matcher, key], text, { key: true }));
}
