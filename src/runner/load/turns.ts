// Turn YAML → TurnSpec: exactly one input (checked earlier), files resolved against the spec file.
import { existsSync } from 'node:fs';
import { guessMimeType } from '../../client/index.js';
import type { JsonObject } from '../../model/json.js';
import type { TurnInputSpec, TurnSpec } from '../../model/spec.js';
import type { SpecError } from '../../validation/index.js';
import { INPUT_KEYS } from './checks.js';
import { toExpectations } from './expectations.js';
import type { Source } from './source.js';

type Path = Array<string | number>;
type Raw = Record<string, unknown>;

export function toTurn(source: Source, raw: Raw, at: Path, errors: SpecError[]): TurnSpec {
  const inputKey = INPUT_KEYS.find((k) => raw[k] !== undefined);
  const variables = raw['variables'] as JsonObject | undefined;
  const input = inputKey ? toInput(source, inputKey, raw[inputKey], [...at, inputKey], errors) : { kind: 'variables' as const, variables: variables ?? {} };
  return {
    input,
    ...(inputKey && variables ? { variables } : {}),
    expect: toExpectations(source, raw['expect'], [...at, 'expect'], errors),
    ...(typeof raw['timeoutMs'] === 'number' ? { timeoutMs: raw['timeoutMs'] } : {}),
    loc: source.at(at),
    ...(typeof raw['label'] === 'string' ? { label: raw['label'] } : {}),
  };
}

function toInput(source: Source, key: (typeof INPUT_KEYS)[number], value: unknown, at: Path, errors: SpecError[]): TurnInputSpec {
  switch (key) {
    case 'user': return { kind: 'text', text: value as string };
    case 'event': return { kind: 'event', event: value as string };
    case 'dtmf': return { kind: 'dtmf', digits: value as string };
    case 'toolResponses': return { kind: 'toolResponses', responses: value as Array<{ id?: string; tool: string; response: JsonObject }> };
    case 'audio': {
      const a = value as { file?: string; say?: string };
      return a.file !== undefined ? { kind: 'audio', file: resolveFile(source, a.file, [...at, 'file'], errors) } : { kind: 'audio', say: a.say! };
    }
    case 'blob':
    case 'image': return toFileInput(source, key, value as { file?: string; data?: string; mimeType?: string }, at, errors);
  }
}

function toFileInput(source: Source, kind: 'blob' | 'image', v: { file?: string; data?: string; mimeType?: string }, at: Path, errors: SpecError[]): TurnInputSpec {
  if (v.file === undefined) return { kind, data: v.data!, ...(v.mimeType ? { mimeType: v.mimeType } : {}) };
  const file = resolveFile(source, v.file, [...at, 'file'], errors);
  return { kind, file, mimeType: v.mimeType ?? guessMimeType(v.file) };
}

/** The file relative to cwd; a missing one is an error at the value. */
export function resolveFile(source: Source, written: string, at: Path, errors: SpecError[]): string {
  const { abs, display } = source.resolveRelative(written);
  if (!existsSync(abs)) errors.push(source.error('MISSING_FILE', at, `file "${written}" not found (looked for ${display})`));
  return display;
}
