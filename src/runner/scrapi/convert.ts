// `cxas-eval convert`: any spec file (cxas-scrapi or native) → native YAML, with the author's
// comments kept above the entries they describe and notes where meaning could not be carried exactly.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Document, isNode } from 'yaml';
import type { ConversationSpec, SpecFile } from '../../model/spec.js';
import { SpecError, yamlDocument } from '../../validation/index.js';
import { FragmentCache } from '../load/fragment-cache.js';
import { checkFragment, loadNativeFile } from '../load/native-file.js';
import { readSource } from '../load/read-source.js';
import { namingEnv } from '../load/env.js';
import { packagePath } from '../../package-root.js';
import type { Source } from '../load/source.js';
import { ownComments, type Traced } from './comments.js';
import type { ConvertNote, Path, SourcePaths } from './context.js';
import { recogniseFormat } from './detect.js';
import { loadScrapiSource } from './index.js';
import { conversationToNative, type SharedReplies } from './to-native.js';
import { toolTestToNative } from '../load/tool-tests.js';
import { optionNamesError, type OptionNames } from '../option-names.js';

export interface ConvertOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the result will be written (paths are rebased to it). */ out?: string;
}
export interface ConvertResult {
  text?: string;
  errors: SpecError[];
  /** How many conversations the result holds. */ conversations?: number;
}

const CONVERT_OPTIONS: OptionNames<ConvertOptions> = { cwd: true, env: true, out: true };

export async function convertFile(file: string, opts: ConvertOptions = {}): Promise<ConvertResult> {
  const wrong = optionNamesError('convertFile', opts, CONVERT_OPTIONS);
  if (wrong) return { errors: [wrong] };
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const env = opts.env ?? process.env;
  const cache = new FragmentCache(cwd, env, [cwd], checkFragment);
  const converted = await convertWith(file, cwd, cache, opts.out);
  // A message may quote what an `${env.NAME}` gave the file or a fragment: it names the variable instead.
  return { ...converted, errors: namingEnv(converted.errors, cache.envValues) };
}

async function convertWith(file: string, cwd: string, cache: FragmentCache, out?: string): Promise<ConvertResult> {
  const { env } = cache;
  const { source, errors } = await readSource(path.resolve(cwd, file), cwd, env, [cwd], cache.envValues);
  if (!source || errors.length) return { errors };
  const detected = recogniseFormat(source.value);
  const loaded =
    detected.format === 'native'
      ? {
          ...(await loadNativeFile(source, cache, errors)),
          notes: [],
          paths: new WeakMap<object, Path>(),
          strictlyRead: await strictLoad(source, cwd, env),
        }
      : loadScrapiSource(source, detected, errors);
  if (errors.length || !loaded.file) return { errors };
  const outDir = path.dirname(path.resolve(cwd, out ?? file));
  const text = render(loaded.file, loaded, { cwd, outDir }, source);
  return { text, errors: [], conversations: loaded.file.conversations.length };
}

/**
 * The native file's conversations read as if the config said `match: strict`: where it says no
 * `match:` itself, comparing with this tells which turn `text:` strings were shorthands (to-native.ts).
 */
async function strictLoad(source: Source, cwd: string, env: NodeJS.ProcessEnv): Promise<ConversationSpec[]> {
  const cache = new FragmentCache(cwd, env, [cwd], checkFragment, 'strict');
  return (await loadNativeFile(source, cache, [])).file?.conversations ?? [];
}

function render(
  file: SpecFile,
  { notes, paths, strictlyRead }: { notes: ConvertNote[]; paths: SourcePaths; strictlyRead?: ConversationSpec[] },
  r: { cwd: string; outDir: string },
  source: Source,
): string {
  const shared: SharedReplies = new WeakMap();
  const tools = file.toolTests?.length ? { toolTests: file.toolTests.map(toolTestToNative) } : {};
  const conversations =
    file.conversations.length || !tools.toolTests
      ? { conversations: file.conversations.map((c, i) => conversationToNative(c, r, shared, strictlyRead?.[i])) }
      : {};
  const body = { ...(file.app ? { app: file.app } : {}), ...conversations, ...tools };
  const doc = new Document(body);
  const text = readFileSync(source.absPath, 'utf8');
  const comments = ownComments(text, yamlDocument(source.doc, text), tracedEntries(file, paths));
  const schemaPath = path.relative(r.outDir, packagePath('schemas', 'spec.schema.json')).split(path.sep).join('/');
  doc.commentBefore = [
    ` yaml-language-server: $schema=${schemaPath}`,
    ` Converted by cxas-eval from ${source.file} (${file.format}); edit this file, not the source.`,
    ...(comments.unowned.length ? ['', ...comments.unowned] : []),
  ].join('\n');
  for (const [target, lines] of comments.byTarget) addComment(doc, target, lines);
  file.conversations.forEach((c, i) => {
    const own = notes
      .filter((n) => n.conversation === i)
      .map((n) => ` ${n.turn !== undefined ? `turn ${labelOf(c.turns, n.turn)}: ` : ''}${n.text}`);
    addComment(doc, ['conversations', i], [...new Set(own)]);
  });
  return doc.toString({ lineWidth: 0 });
}

function addComment(doc: Document, target: Path, lines: string[]): void {
  const node = doc.getIn(target, true);
  if (!isNode(node) || lines.length === 0) return;
  node.commentBefore = [node.commentBefore, ...lines].filter((l) => l !== undefined && l !== null).join('\n');
}

/** Each conversation, turn and expectation with where it was written and where it lands in the output. */
function tracedEntries(file: SpecFile, paths: SourcePaths): Array<Traced<Path>> {
  const out: Array<Traced<Path>> = [];
  const add = (value: object, target: Path): void => {
    const at = paths.get(value);
    if (at) out.push({ target, path: at });
  };
  file.conversations.forEach((c, i) => {
    const conv: Path = ['conversations', i];
    add(c, conv);
    c.turns.forEach((t, j) => {
      add(t, [...conv, 'turns', j]);
      t.expect.forEach((e, k) => add(e, [...conv, 'turns', j, 'expect', k]));
    });
    c.expect.forEach((e, k) => add(e, [...conv, 'expect', k]));
  });
  return out;
}

/** Notes count cxas-scrapi steps; a step became one or two turns, all with its label. */
function labelOf(turns: SpecFile['conversations'][number]['turns'], step: number): string {
  const labels = [...new Set(turns.map((t) => t.label).filter(Boolean))];
  return labels[step] ?? String(step + 1);
}
