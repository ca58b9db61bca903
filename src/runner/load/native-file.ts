// One native spec file, its `include:` fragments folded in, → SpecFile.
import type { SpecFile } from '../../model/spec.js';
import { compileSchema, validateDocument, type SpecError } from '../../validation/index.js';
import { checkConversation, checkSettings } from './checks.js';
import { toConversation, type RawConversation } from './native.js';
import { readSource } from './read-source.js';
import { readSchema } from './schema-files.js';
import { toToolTests } from './tool-tests.js';
import type { Layer } from './settings.js';
import type { Source } from './source.js';

type Raw = Record<string, unknown>;

export interface Fragments { defaults: Layer[]; conversations: RawConversation[]; included: string[] }

/** Schema errors and post-schema checks of one document (spec file or fragment). */
export function checkNative(source: Source): SpecError[] {
  const errors = validateDocument(compileSchema(readSchema('spec.schema.json')), source, source.file);
  if (errors.length) return errors;
  const value = source.value as Raw;
  if (value['defaults']) checkSettings(source, value['defaults'] as Raw, ['defaults'], errors);
  ((value['conversations'] as Raw[] | undefined) ?? []).forEach((c, i) => checkConversation(source, c, ['conversations', i], errors));
  return errors;
}

/** Defaults and conversations of `source` and, depth first, of the fragments it includes. */
export async function collectFragments(source: Source, env: NodeJS.ProcessEnv, errors: SpecError[], chain: string[] = []): Promise<Fragments> {
  const value = source.value as Raw;
  const out: Fragments = { defaults: [], conversations: [], included: [] };
  const includes = (value['include'] as string[] | undefined) ?? [];
  const fragmentConversations: RawConversation[] = [];
  for (const [i, written] of includes.entries()) {
    const { abs, display } = source.resolveRelative(written);
    if ([...chain, source.absPath].includes(abs)) {
      errors.push(source.error('BAD_VALUE', ['include', i], `include cycle: ${[...chain, source.absPath, abs].map((p) => source.resolveRelative(p).display).join(' -> ')}`));
      continue;
    }
    const fragment = await readSource(abs, source.cwd, env);
    if (!fragment.source) {
      const missing = fragment.errors[0]?.code === 'MISSING_FILE';
      errors.push(...(missing ? [source.error('MISSING_FILE', ['include', i], `file "${written}" not found (looked for ${display})`)] : fragment.errors));
      continue;
    }
    const problems = fragment.errors.length ? fragment.errors : checkNative(fragment.source);
    errors.push(...problems);
    out.included.push(abs);
    if (problems.length) continue;
    if ((fragment.source.value as Raw)['app'] !== undefined) {
      errors.push(fragment.source.error('BAD_VALUE', ['app'], `app in an included fragment would be ignored; set it in ${source.file}`, { key: true }));
    }
    const inner = await collectFragments(fragment.source, env, errors, [...chain, source.absPath]);
    out.defaults.push(...inner.defaults);
    fragmentConversations.push(...inner.conversations);
    out.included.push(...inner.included);
  }
  // Own defaults win over included ones; own conversations come before included ones.
  if (value['defaults']) out.defaults.push({ source, raw: value['defaults'] as Raw, at: ['defaults'] });
  ((value['conversations'] as Raw[] | undefined) ?? []).forEach((raw, index) => out.conversations.push({ source, raw, index }));
  out.conversations.push(...fragmentConversations);
  return out;
}

export async function loadNativeFile(source: Source, env: NodeJS.ProcessEnv, errors: SpecError[]): Promise<{ file?: SpecFile; included: string[] }> {
  const problems = checkNative(source);
  if (problems.length) {
    errors.push(...problems);
    return { included: [] };
  }
  const fragments = await collectFragments(source, env, errors);
  const app = (source.value as Raw)['app'] as string | undefined;
  const ctx = { file: source.file, ...(app ? { app } : {}), defaults: fragments.defaults };
  const conversations = fragments.conversations.map((c) => toConversation(ctx, c, errors));
  const rawTools = (source.value as Raw)['toolTests'] as Raw[] | undefined;
  const toolTests = rawTools ? { toolTests: toToolTests(source, rawTools, ['toolTests'], 'native', errors) } : {};
  return { file: { file: source.file, format: 'native', ...(app ? { app } : {}), conversations, ...toolTests }, included: fragments.included };
}
