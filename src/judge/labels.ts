// Judge labels: human pass/fail verdicts on a criterion over a transcript (schemas/labels.schema.json),
// the input of `cxas-eval judge calibrate`. Loaded through src/validation like spec files, so every
// mistake is one `file:line:col path: message` line; nothing here resolves runs or specs (the CLI does).
import type { JsonObject } from '../model/json.js';
import type { SourceLocation } from '../model/location.js';
import { emptyTurnResult, type TurnResult } from '../model/turn.js';
import { readSchema } from '../package-root.js';
import { SpecError, loadYamlFile, locate, type YamlDoc } from '../validation/index.js';
import type { TranscriptTurn } from './transcript.js';

type HumanVerdict = 'pass' | 'fail';

export interface InlineTurn {
  user?: string;
  agent?: string;
  toolCalls?: Array<{ name: string; args?: JsonObject }>;
  toolResponses?: Array<{ name: string; response: JsonObject }>;
}

/** Where the judged transcript comes from: a stored run's conversation, or written out in the label. */
type LabelTranscript =
  | { kind: 'stored'; run: string; conversation: string; turn?: number }
  | { kind: 'inline'; turns: InlineTurn[]; turn?: number };

interface ExpectationRef {
  spec: string;
  conversation: string;
  /** 1-based among the conversation's judge expectations, in file order. */
  index: number;
}

export interface Label {
  /** The labels file, as given. */
  file: string;
  /** The label's position (its `- ` item). */
  loc: SourceLocation;
  criterion?: string;
  expectation?: ExpectationRef;
  transcript: LabelTranscript;
  verdict: HumanVerdict;
  note?: string;
  source?: string;
}

export interface LoadedLabels {
  labels: Label[];
  /** One per problem, `file:line:col path: message`; no labels are returned from a file with errors. */
  errors: SpecError[];
}

interface LabelDocument {
  labels: Array<{
    criterion?: string;
    expectation?: ExpectationRef;
    transcript: { run: string; conversation: string; turn?: number } | { turns: InlineTurn[]; turn?: number };
    verdict: HumanVerdict;
    note?: string;
    source?: string;
  }>;
}

export const LABELS_SCHEMA = readSchema('labels.schema.json');

/** Every file's labels in order, or every file's errors; never rejects. */
export async function loadLabels(files: readonly string[]): Promise<LoadedLabels> {
  const loaded = await Promise.all(files.map(loadLabelFile));
  const errors = loaded.flatMap((l) => l.errors);
  return errors.length ? { labels: [], errors } : { labels: loaded.flatMap((l) => l.labels), errors: [] };
}

async function loadLabelFile(file: string): Promise<LoadedLabels> {
  const loaded = await loadYamlFile(file, LABELS_SCHEMA);
  if (loaded.errors.length) return { labels: [], errors: loaded.errors };
  if (!loaded.doc || loaded.value === null)
    return { labels: [], errors: [new SpecError('MISSING_KEY', { file, line: 1, col: 1 }, '', 'empty labels file')] };
  const doc = loaded.doc;
  const value = loaded.value as LabelDocument;
  const labels = value.labels.map((raw, i): Label => {
    const t = raw.transcript;
    const transcript: LabelTranscript =
      'turns' in t
        ? { kind: 'inline', turns: t.turns, ...(t.turn !== undefined ? { turn: t.turn } : {}) }
        : { kind: 'stored', ...t };
    return {
      file,
      loc: locate(doc, ['labels', i], file),
      ...(raw.criterion !== undefined ? { criterion: raw.criterion } : {}),
      ...(raw.expectation ? { expectation: raw.expectation } : {}),
      transcript,
      verdict: raw.verdict,
      ...(raw.note !== undefined ? { note: raw.note } : {}),
      ...(raw.source !== undefined ? { source: raw.source } : {}),
    };
  });
  const errors = labels.flatMap((l, i) => inlineTurnProblem(l, i, doc));
  return errors.length ? { labels: [], errors } : { labels, errors: [] };
}

/** An inline transcript's `turn` must name one of its turns. */
function inlineTurnProblem(label: Label, i: number, doc: YamlDoc): SpecError[] {
  const t = label.transcript;
  if (t.kind !== 'inline' || t.turn === undefined || t.turn <= t.turns.length) return [];
  const at = ['labels', i, 'transcript', 'turn'];
  return [
    new SpecError(
      'BAD_VALUE',
      locate(doc, at, label.file),
      `labels[${i}].transcript.turn`,
      `turn ${t.turn} is past the transcript's last turn (${t.turns.length})`,
    ),
  ];
}

/** An inline transcript as the judge's turns; a turn's k-th tool response answers its k-th tool call. */
export function inlineTranscript(turns: readonly InlineTurn[]): TranscriptTurn[] {
  return turns.map((t, i) => {
    const result: TurnResult = {
      ...emptyTurnResult(i + 1),
      text: t.agent ?? '',
      textParts: t.agent !== undefined ? [t.agent] : [],
      toolCalls: (t.toolCalls ?? []).map((c, k) => ({
        id: `${i + 1}.${k}`,
        name: c.name,
        args: c.args ?? {},
        origin: 'server',
      })),
      toolResponses: (t.toolResponses ?? []).map((r, k) => ({
        id: `${i + 1}.${k}`,
        name: r.name,
        response: r.response,
      })),
    };
    const inputs = t.user !== undefined ? [{ kind: 'text' as const, text: t.user }] : [];
    return { inputs, result: { ...result, inputs } };
  });
}
