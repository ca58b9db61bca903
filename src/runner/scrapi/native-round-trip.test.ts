// `convert` of a native spec: loading the converted file gives the same conversations as the source,
// under every config `match:`, and the sources set every conversation-level key the schema has, so a
// key `convert` forgets to write fails here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MatchStyle, ConversationSpec, TurnInputSpec } from '../../model/spec.js';
import { loadSpecs } from '../load/index.js';
import { convertFile } from './convert.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SOURCES = [
  'test/fixtures/specs/native/full.yaml',
  'test/fixtures/specs/convert/round-trip.yaml',
  'test/fixtures/specs/convert/round-trip-open.yaml',
  'specs/demo/support.yaml',
  'specs/demo/simulation.yaml',
  'specs/demo/voice.yaml',
];
const OUT = mkdtempSync(path.join(tmpdir(), 'cxas-native-convert-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const inputMeaning = (i: TurnInputSpec): TurnInputSpec =>
  i.kind === 'toolResponses' ? { ...i, responses: i.responses.map(({ loc: _r, ...r }) => r) } : i;

/** What a conversation means: everything but where it was written. */
const meaning = (cs: ConversationSpec[]) =>
  cs.map(({ id: _i, file: _f, loc: _l, entryAgentLoc: _a, ...c }) => ({
    ...c,
    toolFakes: c.toolFakes.map(({ loc: _x, ...f }) => f),
    turns: c.turns.map(({ loc: _x, ...t }) => ({
      ...t,
      input: inputMeaning(t.input),
      expect: t.expect.map(({ loc: _y, ...e }) => e),
    })),
    expect: c.expect.map(({ loc: _y, ...e }) => e),
    ...(c.simulation
      ? { simulation: { ...c.simulation, goals: c.simulation.goals.map(({ loc: _g, ...g }) => g) } }
      : {}),
  }));

async function load(file: string, match: MatchStyle | undefined): Promise<ConversationSpec[]> {
  const { files, errors } = await loadSpecs([file], { cwd: ROOT, roots: [ROOT, OUT], ...(match && { match }) });
  expect(errors).toEqual([]);
  return files.flatMap((f) => f.conversations);
}

async function converted(source: string): Promise<string> {
  const out = path.join(OUT, path.basename(source));
  const { text, errors } = await convertFile(source, { cwd: ROOT, out });
  expect(errors).toEqual([]);
  writeFileSync(out, text!);
  return out;
}

describe('convert of a native spec', () => {
  it.each(SOURCES.flatMap((s) => ([undefined, 'lenient', 'strict'] as const).map((m) => [s, m] as const)))(
    '%s means the same after conversion (config match: %s)',
    async (source, match) => {
      const out = await converted(source);
      expect(meaning(await load(out, match))).toEqual(meaning(await load(source, match)));
    },
  );

  it('is tested on sources that set every conversation-level key of the schema', async () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/spec.schema.json'), 'utf8')) as {
      $defs: { conversation: { properties: Record<string, unknown> } };
    };
    // `each:` rows are expanded into conversations when loading: there is no such key left to write.
    const keys = Object.keys(schema.$defs.conversation.properties).filter((k) => k !== 'each');
    const set = new Set<string>();
    for (const source of SOURCES)
      for (const c of await load(source, undefined))
        for (const [key, value] of Object.entries(c))
          if (value !== undefined && !(Array.isArray(value) && value.length === 0)) set.add(key);
    expect(keys.filter((k) => !set.has(k))).toEqual([]);
  });

  it('writes the default match: and golden: on each conversation they apply to', async () => {
    const text = readFileSync(await converted('test/fixtures/specs/convert/round-trip.yaml'), 'utf8');
    const written = (parse(text) as { conversations: Array<Record<string, unknown>> }).conversations;
    expect(written.map(({ name, golden, match }) => ({ name, golden, match }))).toEqual([
      { name: 'strict by default, golden', golden: true, match: 'strict' },
      { name: 'lenient of its own', golden: false, match: 'lenient' },
      { name: 'simulated', golden: true, match: 'strict' },
    ]);
  });
});
