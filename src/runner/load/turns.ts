// Turn YAML → TurnSpec: exactly one input (checked earlier), files resolved against the spec file.
import { wavProblem as wavContentProblem } from '../../audio/index.js';
import { base64Problem } from '../../model/base64.js';
import { guessMimeType } from '../../model/mime.js';
import type { MatchStyle, TurnInputSpec, TurnSpec } from '../../model/spec.js';
import { fileProblem, inputLimits, readFileWith, type SpecError } from '../../validation/index.js';
import type { TurnDocument } from './document.js';
import { toExpectations } from './expectations.js';
import type { Source } from './source.js';
import type { AudioInput, FileInput } from './spec-document.generated.js';

type Path = Array<string | number>;

export function toTurn(source: Source, raw: TurnDocument, at: Path, match: MatchStyle, errors: SpecError[]): TurnSpec {
  const input = toInput(source, raw, at, errors);
  return {
    input: input ?? { kind: 'variables', variables: raw.variables ?? {} },
    ...(input && raw.variables ? { variables: raw.variables } : {}),
    expect: toExpectations(source, raw.expect, [...at, 'expect'], { match, scope: 'turn' }, errors),
    ...(raw.timeoutMs !== undefined ? { timeoutMs: raw.timeoutMs } : {}),
    loc: source.at(at),
    ...(raw.label !== undefined ? { label: raw.label } : {}),
  };
}

/** The turn's one input (checks.ts made sure there is at most one); none means variables only. */
function toInput(source: Source, raw: TurnDocument, at: Path, errors: SpecError[]): TurnInputSpec | undefined {
  if (raw.user !== undefined) return { kind: 'text', text: raw.user };
  if (raw.event !== undefined) return { kind: 'event', event: raw.event };
  if (raw.dtmf !== undefined) return { kind: 'dtmf', digits: raw.dtmf };
  if (raw.toolResponses !== undefined) {
    const responses = raw.toolResponses.map((r, i) => ({ ...r, loc: source.at([...at, 'toolResponses', i, 'tool']) }));
    return { kind: 'toolResponses', responses };
  }
  if (raw.audio !== undefined) return toAudioInput(source, raw.audio, [...at, 'audio'], errors);
  if (raw.blob !== undefined) return toFileInput(source, 'blob', raw.blob, [...at, 'blob'], errors);
  if (raw.image !== undefined) return toFileInput(source, 'image', raw.image, [...at, 'image'], errors);
  return undefined;
}

function toAudioInput(source: Source, a: AudioInput, at: Path, errors: SpecError[]): TurnInputSpec {
  if (a.file !== undefined)
    return { kind: 'audio', file: resolveFile(source, a.file, [...at, 'file'], errors, wavProblem) };
  return { kind: 'audio', ...(a.say !== undefined && { say: a.say }) };
}

function toFileInput(
  source: Source,
  kind: 'blob' | 'image',
  v: FileInput,
  at: Path,
  errors: SpecError[],
): TurnInputSpec {
  if (v.file === undefined) {
    const problem = v.data !== undefined ? base64Problem(v.data, { fileHint: true }) : undefined;
    if (problem) errors.push(source.error('BAD_VALUE', [...at, 'data'], problem));
    return { kind, ...(v.data !== undefined && { data: v.data }), ...(v.mimeType ? { mimeType: v.mimeType } : {}) };
  }
  const file = resolveFile(source, v.file, [...at, 'file'], errors);
  return { kind, file, mimeType: v.mimeType ?? guessMimeType(v.file) };
}

/** What a file's content is checked for, on a readable regular file: the error's code and text, or undefined. */
type ContentCheck = (abs: string) => { code: string; reason: string } | undefined;

/**
 * The file relative to cwd; one outside the project roots, missing, special (device, FIFO, /proc) or too
 * large is an error at the value, and so is one whose content fails `check`.
 */
function resolveFile(source: Source, written: string, at: Path, errors: SpecError[], check?: ContentCheck): string {
  const contained = source.resolveContained(written, at, errors);
  if (!contained) return written;
  const { abs, display } = contained;
  const problem = fileProblem(abs, inputLimits().fixtureBytes) ?? check?.(abs);
  if (problem?.code === 'MISSING_FILE')
    errors.push(source.error('MISSING_FILE', at, source.missingFileText(at, written, display)));
  else if (problem) errors.push(source.error(problem.code, at, `${source.quote(at, written)}: ${problem.reason}`));
  return display;
}

/**
 * An `audio.file` is a WAV file (README "Voice") with sound: anything else would be streamed as raw
 * PCM, and silence would only wait for the turn's timeout. Its chunk headers are walked and its
 * samples read up to the first one louder than silence (a file may be up to limits.fixtureBytes,
 * which fileProblem checked), without blocking on a FIFO put in its place since it was looked at.
 */
const wavProblem: ContentCheck = (abs) => {
  let read: ReturnType<typeof readFileWith<string | undefined>>;
  try {
    read = readFileWith(abs, wavContentProblem);
  } catch (err) {
    return { code: 'READ_FAILED', reason: `cannot read file: ${(err as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  if ('problem' in read) return read.problem;
  return read.value === undefined ? undefined : { code: 'BAD_AUDIO', reason: read.value };
};
