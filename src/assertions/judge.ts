// judge: a natural-language expectation. Without an LLM judge it is skipped with the reason, never passed.
import type { JsonValue } from '../model/json.js';
import { Options } from './options.js';
import type { Skip } from './types.js';

function promptOf(options: JsonValue): string {
  if (typeof options === 'string') return options;
  const o = Options.of('judge', options);
  return o.string('prompt') ?? o.fail('prompt', 'a string');
}

export function judge(options: JsonValue): Skip {
  return { skipped: `needs an LLM judge: ${promptOf(options)}`, expected: options };
}
