// A recording appended to a spec file gets that file's `defaults:` merged under it when it runs. What
// a conversation key can undo is written on it (useToolFakes, modality), so the run plays the session
// as it was; what no key can undo (default variables, tool fakes, history, an entry agent...) is said,
// at its place in the file, so the user knows the run may not replay it.
import { isMap, isScalar, LineCounter, parseDocument, type Pair } from 'yaml';
import type { JsonObject } from '../../model/json.js';

/** The chat session's settings a recorded conversation must run with to replay it. */
export interface SessionSettings {
  useToolFakes: boolean;
  deploymentId?: string;
}

export interface DefaultsEffect {
  /** Keys written on each recorded conversation, over the file's defaults. */
  overrides: JsonObject;
  /** One line per default no conversation key can undo: `file:line:col defaults.key ...`. */
  warnings: string[];
}

/** Defaults a conversation cannot take back, and what each does to a recording's run. */
const IRREVERSIBLE: Readonly<Record<string, string>> = {
  variables: 'sends session variables the chat did not',
  toolFakes: 'adds tool fakes the chat did not have (under match: strict, one that answers no call fails)',
  history: 'gives it history the chat did not have',
  entryAgent: 'starts it at an agent the chat did not',
  timeZone: 'sets a time zone the chat did not',
  skip: 'skips it',
};

/** What the defaults of `existing` (a spec file's text) do to a recording of `session`. */
export function defaultsEffect(existing: string, file: string, session: SessionSettings): DefaultsEffect {
  const lineCounter = new LineCounter();
  const doc = parseDocument(existing, { lineCounter });
  const defaults = isMap(doc.contents) ? doc.contents.get('defaults', true) : undefined;
  const effect: DefaultsEffect = { overrides: {}, warnings: [] };
  if (!isMap(defaults)) return effect;
  for (const pair of defaults.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value: unknown = isScalar(pair.value) ? pair.value.value : pair.value;
    const at = () => {
      const pos = lineCounter.linePos(isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0);
      return `${file}:${pos.line}:${pos.col}`;
    };
    if (key === 'useToolFakes' && value !== session.useToolFakes)
      effect.overrides['useToolFakes'] = session.useToolFakes;
    else if (key === 'modality' && value !== 'text') effect.overrides['modality'] = 'text';
    else if (key === 'deploymentId' && session.deploymentId === undefined)
      effect.warnings.push(warning(at(), key, 'runs a deployment the chat did not'));
    else if (key in IRREVERSIBLE) effect.warnings.push(warning(at(), key, IRREVERSIBLE[key]!));
  }
  return effect;
}

function warning(at: string, key: string, what: string): string {
  return (
    `${at} defaults.${key} applies to the recorded conversation too and ${what}, which no conversation key ` +
    'can undo: its run may not replay the session (move the default onto the conversations that need it, ' +
    'or record into another file)'
  );
}
