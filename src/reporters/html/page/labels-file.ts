// The review's export: a labels file of schemas/labels.schema.json (the input of `cxas-eval judge
// calibrate`), disagreements first. YAML is a superset of JSON: every value is written as JSON, so
// nothing needs YAML's quoting rules.
import type { JsonObject, JsonValue } from '../../../model/json.js';
import type { EmbeddedConversation, EmbeddedTurn } from '../data.js';

/** A reviewed line: a judge expectation's verdict or a simulation goal's grade. */
export interface ReviewItem {
  /** Conversation id and item, unique in the page. */
  key: string;
  conversation: EmbeddedConversation;
  /** 0-based turn of a turn-level verdict; absent for conversation-level verdicts and goals. */
  turn?: number;
  criterion: string;
  /** Whether the judge said the criterion holds. */
  judgeSays: boolean;
  /** What the item is, for the file's comment. */
  what: string;
}

export interface ReviewLabel {
  item: ReviewItem;
  agree: boolean;
  note: string;
}

/** One written-out turn of the labels schema (`transcript.turns[]`). */
interface InlineTurn {
  user?: string;
  agent?: string;
  toolCalls?: Array<{ name: string; args: JsonObject }>;
  toolResponses?: Array<{ name: string; response: JsonObject }>;
}

/** A tool response as the schema wants it: an object, any other value wrapped in `{value}`. */
function responseObject(r: JsonValue | undefined): JsonObject {
  return r && typeof r === 'object' && !Array.isArray(r) ? r : { value: r === undefined ? null : r };
}

function inlineTurn(t: EmbeddedTurn): InlineTurn {
  const out: InlineTurn = {};
  const user: string[] = [];
  const agent: string[] = [];
  const calls: NonNullable<InlineTurn['toolCalls']> = [];
  const responses: NonNullable<InlineTurn['toolResponses']> = [];
  for (const i of t.inputs ?? []) if (i.kind === 'text') user.push(i.text);
  for (const e of t.transcript) {
    if (e.kind === 'user') user.push(e.input && e.input !== 'text' ? `[${e.input}] ${e.text}` : e.text);
    else if (e.kind === 'agent') agent.push(e.text);
    else if (e.kind === 'toolCall') calls.push({ name: e.call.name, args: e.call.args || {} });
    else if (e.kind === 'toolResponse') {
      responses.push({ name: e.response.name, response: responseObject(e.response.response) });
    }
  }
  if (user.length) out.user = user.join('\n');
  if (agent.length || !user.length) out.agent = agent.join('\n');
  if (calls.length) out.toolCalls = calls;
  if (responses.length) out.toolResponses = responses;
  return out;
}

/** The label's transcript: a reference to this run's conversation, or (inline) written out. */
function transcriptOf(item: ReviewItem, runId: string, inline: boolean): object {
  const at = item.turn;
  if (!inline) {
    const ref = { run: runId, conversation: item.conversation.id };
    return at === undefined ? ref : { ...ref, turn: at + 1 };
  }
  // Written out, a turn-level verdict's transcript ends at its turn, where the judge grades it.
  const turns = item.conversation.turns.filter((t) => at === undefined || t.index <= at);
  return { turns: turns.map(inlineTurn), ...(at === undefined ? {} : { turn: turns.length }) };
}

export function labelsFile(labels: ReviewLabel[], runId: string, inline: boolean): string {
  const ordered = [...labels.filter((l) => !l.agree), ...labels.filter((l) => l.agree)];
  const lines = [
    '# cxas-eval judge labels',
    `# Reviewed in the HTML report of run ${runId}: ${labels.length} label(s), disagreements first. ` +
      'Check them with: cxas-eval judge calibrate <this file>',
    'labels:',
  ];
  for (const l of ordered) {
    const it = l.item;
    const human = l.agree === it.judgeSays ? 'pass' : 'fail';
    lines.push(`  - criterion: ${JSON.stringify(it.criterion)}`);
    lines.push(
      `    # ${it.what}: the judge said ${it.judgeSays ? 'pass' : 'fail'}, ` +
        `the reviewer ${l.agree ? 'agrees' : 'disagrees'}`,
    );
    lines.push(`    transcript: ${JSON.stringify(transcriptOf(it, runId, inline))}`);
    lines.push(`    verdict: ${human}`);
    if (l.note.trim()) lines.push(`    note: ${JSON.stringify(l.note.trim())}`);
    lines.push('    source: review');
  }
  return `${lines.join('\n')}\n`;
}
