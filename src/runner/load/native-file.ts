// One native spec file, its `include:` fragments folded in, → SpecFile.
import type { SpecFile } from '../../model/spec.js';
import { inputLimits, type SpecError } from '../../validation/index.js';
import { checkConversation, checkSettings } from './checks.js';
import { validateSpecDocument, type SpecDocument } from './document.js';
import type { BuiltConversation } from './duplicates.js';
import { toConversation, type RawConversation } from './native.js';
import { readSource } from './read-source.js';
import { toToolTests } from './tool-tests.js';
import type { Layer } from './settings.js';
import type { Source } from './source.js';

/** What one spec file's includes have used so far: fragments folded in, and their bytes. */
interface IncludeBudget {
  seen: Set<string>;
  bytes: number;
}

export interface Fragments {
  defaults: Layer[];
  conversations: RawConversation[];
  included: string[];
}

/** A loaded native file: the SpecFile, its conversations with their source references, its fragments. */
export interface NativeLoad {
  file?: SpecFile;
  built: BuiltConversation[];
  included: string[];
}

/** Schema errors and post-schema checks of one document (spec file or fragment); the document when clean. */
export function checkNative(source: Source): { doc?: SpecDocument; errors: SpecError[] } {
  const { doc, errors } = validateSpecDocument(source);
  if (!doc) return { errors };
  const problems: SpecError[] = [];
  if (doc.defaults) checkSettings(source, doc.defaults, ['defaults'], problems);
  (doc.conversations ?? []).forEach((c, i) => checkConversation(source, c, ['conversations', i], problems));
  return problems.length ? { errors: problems } : { doc, errors: [] };
}

/** Defaults and conversations of `source` and, depth first, of the fragments it includes. */
export async function collectFragments(
  source: Source,
  doc: SpecDocument,
  env: NodeJS.ProcessEnv,
  errors: SpecError[],
  chain: string[] = [],
  budget: IncludeBudget = { seen: new Set([source.absPath]), bytes: 0 },
): Promise<Fragments> {
  const out: Fragments = { defaults: [], conversations: [], included: [] };
  const fragmentConversations: RawConversation[] = [];
  for (const [i, written] of (doc.include ?? []).entries()) {
    const { abs, display } = source.resolveRelative(written);
    if ([...chain, source.absPath].includes(abs)) {
      const cycle = [...chain, source.absPath, abs].map((p) => source.resolveRelative(p).display).join(' -> ');
      errors.push(source.error('BAD_VALUE', ['include', i], `include cycle: ${cycle}`));
      continue;
    }
    // Each fragment is folded in once per spec file, however many paths include it (no fan-out).
    if (budget.seen.has(abs)) continue;
    budget.seen.add(abs);
    const limits = inputLimits();
    if (chain.length + 1 > limits.includeDepth) {
      errors.push(
        source.error(
          'TOO_DEEP',
          ['include', i],
          `includes nested deeper than ${limits.includeDepth} files (config limits.includeDepth)`,
        ),
      );
      continue;
    }
    const fragment = await readSource(abs, source.cwd, env);
    budget.bytes += fragment.bytes ?? 0;
    if (budget.bytes > limits.expandedBytes) {
      const mb = Math.round(limits.expandedBytes / 1024 / 1024);
      errors.push(
        source.error(
          'TOO_LARGE',
          ['include', i],
          `the spec file with its includes is over ${mb} MB (config limits.expandedBytes)`,
        ),
      );
      break;
    }
    if (!fragment.source) {
      errors.push(...fragmentReadErrors(source, fragment.errors, ['include', i], written, display));
      continue;
    }
    const checked = fragment.errors.length ? { errors: fragment.errors } : checkNative(fragment.source);
    errors.push(...checked.errors);
    out.included.push(abs);
    if (!checked.doc) continue;
    if (checked.doc.app !== undefined) {
      const text = `app in an included fragment would be ignored; set it in ${source.file}`;
      errors.push(fragment.source.error('BAD_VALUE', ['app'], text, { key: true }));
    }
    const inner = await collectFragments(fragment.source, checked.doc, env, errors, [...chain, source.absPath], budget);
    out.defaults.push(...inner.defaults);
    fragmentConversations.push(...inner.conversations);
    out.included.push(...inner.included);
  }
  // Own defaults win over included ones; own conversations come before included ones.
  if (doc.defaults) out.defaults.push({ source, raw: doc.defaults, at: ['defaults'] });
  (doc.conversations ?? []).forEach((raw, index) => out.conversations.push({ source, raw, index }));
  out.conversations.push(...fragmentConversations);
  return out;
}

export async function loadNativeFile(source: Source, env: NodeJS.ProcessEnv, errors: SpecError[]): Promise<NativeLoad> {
  const { doc, errors: problems } = checkNative(source);
  if (!doc) {
    errors.push(...problems);
    return { built: [], included: [] };
  }
  const fragments = await collectFragments(source, doc, env, errors);
  const app = doc.app;
  const ctx = { file: source.file, ...(app ? { app } : {}), defaults: fragments.defaults };
  const built = fragments.conversations.map((c) => toConversation(ctx, c, errors));
  const conversations = built.map((b) => b.spec);
  const toolTests = doc.toolTests
    ? { toolTests: toToolTests(source, doc.toolTests, ['toolTests'], 'native', errors) }
    : {};
  const file: SpecFile = { file: source.file, format: 'native', ...(app ? { app } : {}), conversations, ...toolTests };
  return { file, built, included: fragments.included };
}

/** A fragment that could not be read is reported where it is included (a missing, special or huge file). */
function fragmentReadErrors(
  source: Source,
  errors: SpecError[],
  at: Array<string | number>,
  written: string,
  display: string,
): SpecError[] {
  const first = errors[0];
  if (first?.code === 'MISSING_FILE')
    return [source.error('MISSING_FILE', at, `file "${written}" not found (looked for ${display})`)];
  if (first?.code === 'NOT_A_FILE' || first?.code === 'TOO_LARGE')
    return [source.error(first.code, at, `"${written}": ${first.text}`)];
  return errors;
}
