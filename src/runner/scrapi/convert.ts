// `cxas-eval convert`: any spec file (cxas-scrapi or native) → native YAML, with comments where
// the meaning could not be carried exactly.
import * as path from 'node:path';
import { Document, isMap } from 'yaml';
import type { SpecFile } from '../../model/spec.js';
import { SpecError } from '../../validation/index.js';
import { loadNativeFile } from '../load/native-file.js';
import { readSource } from '../load/read-source.js';
import { SCHEMAS_DIR } from '../load/schema-files.js';
import type { ConvertNote } from './context.js';
import { detectFormat } from './detect.js';
import { loadScrapiSource } from './index.js';
import { conversationToNative } from './to-native.js';

export interface ConvertOptions { cwd?: string; env?: NodeJS.ProcessEnv; /** Where the result will be written (paths are rebased to it). */ out?: string }
export interface ConvertResult { text?: string; errors: SpecError[] }

export async function convertFile(file: string, opts: ConvertOptions = {}): Promise<ConvertResult> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const env = opts.env ?? process.env;
  const { source, errors } = await readSource(path.resolve(cwd, file), cwd, env);
  if (!source || errors.length) return { errors };
  const format = detectFormat(source.value);
  const loaded = format === 'native' ? { ...(await loadNativeFile(source, env, errors)), notes: [] } : loadScrapiSource(source, format, errors);
  if (errors.length || !loaded.file) return { errors };
  const outDir = path.dirname(path.resolve(cwd, opts.out ?? file));
  return { text: render(loaded.file, loaded.notes, { cwd, outDir }, source.file), errors: [] };
}

function render(file: SpecFile, notes: ConvertNote[], r: { cwd: string; outDir: string }, from: string): string {
  const body = { ...(file.app ? { app: file.app } : {}), conversations: file.conversations.map((c) => conversationToNative(c, r)) };
  const doc = new Document(body);
  const schemaPath = path.relative(r.outDir, path.join(SCHEMAS_DIR, 'spec.schema.json')).split(path.sep).join('/');
  doc.commentBefore = ` yaml-language-server: $schema=${schemaPath}\n Converted by cxas-eval from ${from} (${file.format}).`;
  file.conversations.forEach((c, i) => {
    const node = doc.getIn(['conversations', i], true);
    const own = notes.filter((n) => n.conversation === i).map((n) => ` ${n.turn !== undefined ? `turn ${labelOf(c.turns, n.turn)}: ` : ''}${n.text}`);
    if (isMap(node) && own.length) node.commentBefore = [...new Set(own)].join('\n');
  });
  return doc.toString({ lineWidth: 0 });
}

/** Notes count cxas-scrapi steps; a step became one or two turns, all with its label. */
function labelOf(turns: SpecFile['conversations'][number]['turns'], step: number): string {
  const labels = [...new Set(turns.map((t) => t.label).filter(Boolean))];
  return labels[step] ?? String(step + 1);
}
