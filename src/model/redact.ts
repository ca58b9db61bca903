// Secrets never reach a report, a golden or a file name. One Redactor masks the result model before
// anything is written: every string; and inside the free-form data the agent or the spec supplied (tool
// arguments and responses, variables, payloads, expected/actual values, metadata) also every key and the
// JSON text of every number and boolean (a card number sent as a number is still a card number).
// The model's own numbers (durations, counts, positions) are kept, so a report still matches its schema.

import { linearPattern, type LinearPattern } from './pattern.js';

/** What a masked value or key becomes (rescore reads stored runs that have it). */
export const REDACTED = '[REDACTED]';

/** Keys of the model whose values are free-form JSON: scalars and keys below them are all data. */
const FREE_DATA_KEYS: ReadonlySet<string> = new Set([
  'args',
  'response',
  'responses',
  'payload',
  'payloads',
  'variables',
  'updatedVariables',
  'expected',
  'actual',
  'details',
  'metadata',
  'endSessionMetadata',
  'attributes',
  // results.json identity: spec file names (a path can hold a secret) to their hashes
  'specs',
]);

/** Config `redact:` (regular expression sources) as the patterns a Redactor takes. */
export function redactPatterns(sources: readonly string[] = []): RegExp[] {
  return sources.map((p) => new RegExp(p, 'g'));
}

export class Redactor {
  private readonly patterns: readonly LinearPattern[];

  /** Each pattern masks every occurrence, whatever its flags, on the linear-time engine (pattern.ts). */
  constructor(patterns: readonly RegExp[] = []) {
    this.patterns = patterns.map((p) => linearPattern(p.source, p.flags));
  }

  get active(): boolean {
    return this.patterns.length > 0;
  }

  text(text: string): string {
    let out = text;
    for (const p of this.patterns) out = p.replaceAll(out, REDACTED);
    return out;
  }

  /** A copy of a result-model value (RunResult, ConversationResult, TurnRecord...), masked. */
  model<T>(value: T): T {
    return this.active ? (this.walk(value, false) as T) : value;
  }

  /** A copy of a value that is data throughout (a golden transcript): every key and scalar is masked. */
  data<T>(value: T): T {
    return this.active ? (this.walk(value, true) as T) : value;
  }

  private walk(value: unknown, inData: boolean): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value === 'number' || typeof value === 'boolean') return inData ? this.scalar(value) : value;
    if (Array.isArray(value)) return value.map((v) => this.walk(v, inData));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[inData ? this.text(key) : key] = this.walk(v, inData || FREE_DATA_KEYS.has(key));
    }
    return out;
  }

  /** A number or boolean whose JSON text matches becomes the masked text (a string). */
  private scalar(value: number | boolean): number | boolean | string {
    const json = JSON.stringify(value);
    const masked = this.text(json);
    return masked === json ? value : masked;
  }
}
