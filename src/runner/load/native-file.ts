// One native spec file, its `include:` fragments folded in, → SpecFile.
import { formatLocation, quoted } from '../../model/location.js';
import type { SpecFile, ToolTestSpec } from '../../model/spec.js';
import { inputLimits, passedBefore, rememberPassed, type SpecError } from '../../validation/index.js';
import { checkConversation, checkSettings, checkTurn } from './checks.js';
import { checkTemplatePlacement, withTemplateKeyErrors } from './template-checks.js';
import { cleanParts, partsOf, validateSpecDocument, type DocumentParts, type SpecDocument } from './document.js';
import type { ToolTest } from './spec-document.generated.js';
import { rawDependencies, rawNames, type BuiltConversation, type DependencyRef, type NameRef } from './duplicates.js';
import { toConversations, type RawConversation } from './native.js';
import { eachRows } from './each-rows.js';
import { addStep, addSteps, addUncheckedSteps, type StepDefinition } from './steps.js';
import type { CheckedFragment, FragmentCache } from './fragment-cache.js';
import type { ReadResult } from './read-source.js';
import { toToolTests } from './tool-tests.js';
import type { Layer } from './settings.js';
import { displayPath, type Source } from './source.js';
import { withoutEchoes } from './env.js';

/** What one spec file's includes have used so far: fragments folded in, and their bytes. */
interface IncludeBudget {
  seen: Set<string>;
  bytes: number;
}

interface Fragments {
  defaults: Layer[];
  /** Reusable steps of the file and its fragments, by name. */
  steps: Map<string, StepDefinition>;
  /** Which steps exist is not fully known (StepTable.partial). */
  partial: boolean;
  conversations: RawConversation[];
  /** `toolTests:` lists of the file and its fragments, the file's first (as conversations). */
  toolTests: RawToolTests[];
  included: string[];
  /** The file and each fragment folded in, with what of them was not built (DocumentParts.unbuilt). */
  documents: Array<{ source: Source; parts: DocumentParts }>;
}

/** A `toolTests:` list as written in the spec file or in one of its fragments. */
interface RawToolTests {
  source: Source;
  list: ToolTest[];
}

/** A loaded native file: the SpecFile, its conversations with their source references, its fragments. */
export interface NativeLoad {
  file?: SpecFile;
  built: BuiltConversation[];
  /**
   * Names and `afterConversation` references written in the conversations (and defaults) of the
   * file and its fragments that were not built (they have errors): they count all the same.
   */
  unbuilt?: { names: NameRef[]; dependencies: DependencyRef[] };
  included: string[];
  /** `each:` data files read (not spec files, even when found in a folder). */
  dataFiles?: string[];
}

/** A checked document: its errors, the parts to build from, and the document itself when it has no error. */
interface CheckedNative {
  doc?: SpecDocument;
  parts: DocumentParts;
  errors: SpecError[];
}

/**
 * Schema errors and post-schema checks of one document (spec file or fragment). With errors, the
 * parts without any are checked and built all the same (they are what their types say): one pass
 * reports their mistakes too, and a use of a step with errors is not a second, unknown-step error.
 */
function checkNative(source: Source): CheckedNative {
  // The same text passed all of this before (read-source.ts): its value is the same, and so are they.
  if (passedBefore(source.extra.passKey)) {
    const doc = source.value as SpecDocument;
    return { doc, parts: partsOf(doc), errors: [] };
  }
  const { doc, errors } = validateSpecDocument(source);
  const typed = doc ? partsOf(doc) : cleanParts(source, errors);
  const problems = [...errors];
  if (typed.defaults) checkSettings(source, typed.defaults, ['defaults'], problems);
  for (const [i, c] of typed.conversations) checkConversation(source, c, ['conversations', i], problems);
  for (const [name, turns] of typed.steps) turns.forEach((t, i) => checkTurn(source, t, ['steps', name, i], problems));
  checkTemplatePlacement(source, problems);
  const found = withTemplateKeyErrors(source, problems);
  if (doc && !found.length) {
    rememberPassed(source.extra.passKey);
    return { doc, parts: typed, errors: [] };
  }
  // Built without the parts the checks refused too: building them would only say it again.
  return { parts: cleanParts(source, found), errors: found };
}

/**
 * A fragment's schema errors and checks, or its read errors (a missing, special or huge file). As in
 * a spec file, an unset `${env.X}` reads as "": the rest is checked in the same pass (a complaint at
 * the variable's own place only echoes it).
 */
export function checkFragment(read: ReadResult): CheckedFragment['checked'] {
  if (!read.source) return { errors: read.errors };
  const checked = checkNative(read.source);
  if (!read.errors.length) return checked;
  return { ...checked, errors: [...read.errors, ...withoutEchoes(read.errors, checked.errors)] };
}

/**
 * Defaults, steps, conversations and tool tests of `source` (its `parts`: all of them, or those
 * without errors) and, depth first, of the fragments it includes.
 */
async function collectFragments(
  source: Source,
  doc: DocumentParts,
  cache: FragmentCache,
  errors: SpecError[],
  chain: string[] = [],
  budget: IncludeBudget = { seen: new Set([source.absPath]), bytes: 0 },
): Promise<Fragments> {
  const out: Fragments = {
    defaults: [],
    steps: new Map(),
    partial: doc.stepsUnknown === true,
    conversations: [],
    toolTests: [],
    included: [],
    documents: [{ source, parts: doc }],
  };
  const fragmentConversations: RawConversation[] = [];
  const fragmentToolTests: RawToolTests[] = [];
  for (const [i, written] of (doc.include ?? []).entries()) {
    const contained = source.resolveContained(written, ['include', i], errors);
    if (!contained) {
      out.partial = true;
      continue;
    }
    const { abs, display } = contained;
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
      out.partial = true;
      continue;
    }
    const { read: fragment, checked } = await cache.get(abs);
    budget.bytes += fragment.bytes ?? 0;
    cache.includedBytes += fragment.bytes ?? 0;
    const over = overLimit(budget.bytes, cache.includedBytes);
    if (over) {
      errors.push(source.error('TOO_LARGE', ['include', i], over));
      out.partial = true;
      break;
    }
    if (!fragment.source) {
      errors.push(...fragmentReadErrors(source, fragment.errors, ['include', i], written, display));
      out.partial = true;
      continue;
    }
    errors.push(...checked.errors);
    out.included.push(abs);
    if (!checked.parts) continue;
    // Conversation names are unique in a run: a fragment's conversations can belong to one spec file
    // only. Folding them into a second one would repeat every name (600,000 duplicate errors for 100
    // files sharing a fragment of 6,000 conversations); one error at the include says why instead.
    // Tool tests likewise: folded into two files they would run twice, under two ids.
    const owner = claimRuns(cache, abs, checked.parts, chain[0] ?? source.absPath);
    if (owner) {
      const held = heldRuns(checked.parts);
      const text =
        `${display} holds ${held} and is already included by ${owner}; ` +
        `a fragment with ${held} belongs to one spec file (share defaults instead)`;
      errors.push(source.error('BAD_VALUE', ['include', i], text));
      out.partial = true;
      continue;
    }
    if (checked.parts.app !== undefined) {
      const text = `app in an included fragment would be ignored; set it in ${source.file}`;
      errors.push(fragment.source.error('BAD_VALUE', ['app'], text, { key: true }));
    }
    const inner = await collectFragments(
      fragment.source,
      checked.parts,
      cache,
      errors,
      [...chain, source.absPath],
      budget,
    );
    out.defaults.push(...inner.defaults);
    for (const step of inner.steps.values()) addStep(out.steps, step, errors);
    out.partial ||= inner.partial;
    fragmentConversations.push(...inner.conversations);
    fragmentToolTests.push(...inner.toolTests);
    out.included.push(...inner.included);
    out.documents.push(...inner.documents);
  }
  // Own defaults win over included ones; own conversations come before included ones.
  addSteps(out.steps, source, doc.steps, errors);
  // Its steps with errors (reported): a use of one is not a second, false error.
  addUncheckedSteps(out.steps, source, doc.uncheckedSteps ?? [], errors);
  if (doc.defaults) out.defaults.push({ source, raw: doc.defaults, at: ['defaults'] });
  for (const [index, raw] of doc.conversations) out.conversations.push({ source, raw, index });
  out.conversations.push(...fragmentConversations);
  if (doc.toolTests) out.toolTests.push({ source, list: doc.toolTests });
  out.toolTests.push(...fragmentToolTests);
  return out;
}

/** What a fragment holds that runs, as the error naming its second includer says it. */
function heldRuns(doc: DocumentParts): string {
  const held = [doc.conversations.length && 'conversations', doc.toolTests?.length && 'tool tests'];
  return held.filter(Boolean).join(' and ');
}

/** The spec file (shown) owning the fragment's conversations and tool tests, or undefined after claiming them. */
function claimRuns(cache: FragmentCache, abs: string, doc: DocumentParts, specFile: string): string | undefined {
  if (!doc.conversations.length && !doc.toolTests?.length) return undefined;
  const owner = cache.runOwners.get(abs);
  if (owner === undefined) cache.runOwners.set(abs, specFile);
  return owner === undefined || owner === specFile ? undefined : displayPath(owner, cache.cwd);
}

/** Why folding in one more fragment goes over a limit: this spec file's, or the whole load's. */
function overLimit(fileBytes: number, loadBytes: number): string | undefined {
  const limits = inputLimits();
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${bytes} bytes`);
  if (fileBytes > limits.expandedBytes)
    return `the spec file with its includes is over ${size(limits.expandedBytes)} (config limits.expandedBytes)`;
  if (loadBytes > limits.includedBytes)
    return (
      `the fragments included by all spec files together are over ${size(limits.includedBytes)} ` +
      '(each inclusion counts; config limits.includedBytes)'
    );
  return undefined;
}

/**
 * The file with its fragments folded in, built. A file with errors is built from the parts without
 * any, for the mistakes found in building (fragments, rows, step uses, files): it gives no SpecFile.
 */
export async function loadNativeFile(source: Source, cache: FragmentCache, errors: SpecError[]): Promise<NativeLoad> {
  const { doc, parts, errors: problems } = checkNative(source);
  errors.push(...problems);
  const fragments = await collectFragments(source, parts, cache, errors);
  const app = parts.app;
  const ctx = {
    file: source.file,
    ...(app ? { app } : {}),
    defaults: fragments.defaults,
    steps: { byName: fragments.steps, partial: fragments.partial },
    ...(cache.match ? { match: cache.match } : {}),
  };
  const built: BuiltConversation[] = [];
  const dataFiles: string[] = [];
  for (const c of fragments.conversations) {
    // `each:` rows come before building: one conversation per row, ordinary from here on.
    const rows = c.raw.each === undefined ? undefined : await eachRows(c, cache, errors, dataFiles);
    built.push(...toConversations(ctx, c, rows, errors));
  }
  const tests = collectToolTests(source.file, fragments.toolTests, errors);
  const loaded = { built, included: fragments.included, dataFiles, unbuilt: unbuiltRefs(fragments, source.file) };
  if (!doc) return loaded;
  const conversations = built.map((b) => b.spec);
  const toolTests = doc.toolTests || tests.length ? { toolTests: tests } : {};
  const file: SpecFile = { file: source.file, format: 'native', ...(app ? { app } : {}), conversations, ...toolTests };
  return { file, ...loaded };
}

/** What the documents of a spec file hold that was not built, as the spec file's (`file`). */
function unbuiltRefs(fragments: Fragments, file: string): NonNullable<NativeLoad['unbuilt']> {
  const refs: NonNullable<NativeLoad['unbuilt']> = { names: [], dependencies: [] };
  for (const { source, parts } of fragments.documents) {
    if (!parts.unbuilt) continue;
    refs.names.push(...rawNames(source, parts.unbuilt.conversations, file));
    refs.dependencies.push(...rawDependencies(source, parts.unbuilt));
  }
  return refs;
}

/**
 * The tool tests of the file and its fragments, all belonging to the file (its ids, like included
 * conversations) and keeping their positions; a name used twice is an error at the later one.
 */
function collectToolTests(file: string, lists: RawToolTests[], errors: SpecError[]): ToolTestSpec[] {
  const first = new Map<string, { test: ToolTestSpec; list: number }>();
  return lists.flatMap(({ source, list }, n) => {
    const tests = toToolTests(source, list, ['toolTests'], 'native', errors);
    return tests.map((t, i) => {
      const prior = first.get(t.name);
      // toToolTests reports a name repeated within its own list; across lists it is reported here.
      if (prior && prior.list !== n) {
        const text = `tool test name ${quoted(t.name)} is already used at ${formatLocation(prior.test.loc)}`;
        errors.push(source.error('DUPLICATE_NAME', ['toolTests', i, 'name'], text));
      }
      if (!prior) first.set(t.name, { test: t, list: n });
      return { ...t, id: `${file}#${t.name}`, file };
    });
  });
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
    return [source.error('MISSING_FILE', at, source.missingFileText(at, written, display))];
  if (first?.code === 'NOT_A_FILE' || first?.code === 'TOO_LARGE')
    return [source.error(first.code, at, `${source.quote(at, written)}: ${first.text}`)];
  return errors;
}
