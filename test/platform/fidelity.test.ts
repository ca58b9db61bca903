// docs/platform-fidelity.md against the mapper (src/platform/push/fidelity.ts) and a fixture that
// uses every construct (test/fixtures/platform/fidelity.yaml): every property of the spec schema
// has a row (a new property fails here until it is classified), the doc's rows are the table's,
// each row is exercised by the fixture with its outcome, and nothing has a third outcome.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIDELITY, type Fidelity } from '../../src/platform/push/fidelity.js';
import { toEvaluation } from '../../src/platform/push/to-evaluation.js';
import { inventoryOf } from '../../src/platform/push/inventory.js';
import { loadSpecs } from '../../src/runner/load/index.js';
import { ROOT } from '../helpers/cli.js';

const APP = 'projects/bistro/locations/us/apps/bistro';
const FIXTURE = path.join(ROOT, 'test/fixtures/platform/fidelity.yaml');
const TABLE: Record<string, Fidelity> = FIDELITY;

type SchemaNode = { [key: string]: unknown };

/** Every property path of the schema: `<$def>.<property>[.<nested>]`, the file's as `spec.<property>`. */
function schemaPaths(): string[] {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/spec.schema.json'), 'utf8')) as SchemaNode;
  const out = new Set<string>();
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, at));
    if (!node || typeof node !== 'object') return;
    const n = node as SchemaNode;
    for (const [k, v] of Object.entries((n['properties'] as SchemaNode | undefined) ?? {})) {
      out.add(`${at}.${k}`);
      walk(v, `${at}.${k}`);
    }
    for (const key of ['anyOf', 'oneOf', 'allOf', 'then', 'else', 'items', 'additionalProperties']) walk(n[key], at);
  };
  walk(schema, 'spec');
  for (const [name, def] of Object.entries(schema['$defs'] as SchemaNode)) walk(def, name);
  return [...out];
}

/** The row classifying a schema path: defaults are conversation keys; nested keys fall back to their def's `*`. */
function rowOf(p: string): string | undefined {
  const parts = p.split('.');
  const candidates =
    parts[0] === 'spec' && parts[1] === 'defaults' && parts.length > 2
      ? [`conversation.${parts.slice(2).join('.')}`]
      : [p, `${parts[0]}.*`];
  return candidates.find((k) => k in TABLE);
}

function docRows(): Array<{ key: string; outcome: string; text: string }> {
  const doc = readFileSync(path.join(ROOT, 'docs/platform-fidelity.md'), 'utf8');
  return doc
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => {
      const [, key, outcome, text] = /^\| `([^`]+)` \| (\w+) \| (.*) \|$/.exec(l) ?? [];
      return { key: key!, outcome: outcome!, text: text!.replace(/\\\|/g, '|') };
    });
}

async function mappedFixture() {
  const { files, errors } = await loadSpecs([FIXTURE], { cwd: ROOT });
  expect(errors).toEqual([]);
  const inventory = inventoryOf(
    [
      { name: `${APP}/tools/search_tables`, displayName: 'Search tables' },
      { name: `${APP}/tools/collect_payment`, displayName: 'Collect payment', clientFunction: { name: 'pay' } },
      // `notify` is one tool's id and another's display name: locally either matches.
      { name: `${APP}/tools/notify`, displayName: 'Notify' },
      { name: `${APP}/tools/notify_manager`, displayName: 'notify' },
      // `Notify` is the display name of two tools: locally a call of either matches.
      { name: `${APP}/tools/notify_all`, displayName: 'Notify' },
    ],
    [
      { name: `${APP}/agents/host_agent`, displayName: 'Bistro host' },
      { name: `${APP}/agents/manager_agent`, displayName: 'Manager' },
      // `front` is one agent's id and another's display name: locally either matches.
      { name: `${APP}/agents/front`, displayName: 'Front desk' },
      { name: `${APP}/agents/front_desk`, displayName: 'front' },
    ],
  );
  return files[0]!.conversations.map((c) => ({ name: c.name, ...toEvaluation(c, APP, inventory) }));
}

describe('the platform fidelity table', () => {
  it('classifies every property of the spec schema (a new property fails until it has a row)', () => {
    const paths = schemaPaths();
    expect(paths.length).toBeGreaterThan(150);
    expect(paths.filter((p) => rowOf(p) === undefined)).toEqual([]);
  });

  it('is what docs/platform-fidelity.md shows, row for row', () => {
    const rows = docRows();
    expect(rows.map((r) => r.key).sort()).toEqual(Object.keys(TABLE).sort());
    for (const r of rows) {
      const f = TABLE[r.key]!;
      expect({ key: r.key, outcome: r.outcome, text: r.text }).toEqual({
        key: r.key,
        outcome: 'carried' in f ? 'carried' : 'refused',
        text: 'carried' in f ? f.carried : f.refused,
      });
    }
  });

  it('has each row exercised by the fixture, with the outcome the row says', async () => {
    const mapped = await mappedFixture();
    const used = new Map<string, boolean>();
    for (const m of mapped) for (const u of m.constructs) used.set(u.key, u.carried);
    const text = readFileSync(FIXTURE, 'utf8') + readFileSync(FIXTURE.replace('.yaml', '-shared.yaml'), 'utf8');
    const problems = Object.entries(TABLE).flatMap(([key, f]) => {
      const says = 'carried' in f ? f.carried : f.refused;
      const see = /^see (\S+)/.exec(says);
      if (see) return see[1]! in TABLE ? [] : [`${key}: refers to a missing row ${see[1]}`];
      // Constructs the loader expands or merges, and the file's own keys, never reach the mapper.
      if (key.startsWith('spec.') || /by the loader/.test(says)) {
        const prop = key.split('.').pop()!;
        return new RegExp(`(^|[\\s{,])${prop}:`, 'm').test(text) ? [] : [`${key}: not in the fixture`];
      }
      if (!used.has(key)) return [`${key}: the fixture never reaches it`];
      return used.get(key) === 'carried' in f ? [] : [`${key}: mapped ${used.get(key) ? 'carried' : 'refused'}`];
    });
    expect(problems).toEqual([]);
  });

  it('carries or refuses each conversation of the fixture, with the reasons, and nothing else', async () => {
    const mapped = await mappedFixture();
    const pushed = mapped.filter((m) => m.losses.length === 0).map((m) => m.name);
    expect(pushed).toEqual([
      'carried constructs',
      'one row per city [city=Paris]',
      'one row per city [city=Rome]',
      'from the fragment',
    ]);
    for (const m of mapped) {
      for (const u of m.constructs) {
        const row: Fidelity = FIDELITY[u.key];
        expect(u.text).toBe('carried' in row ? row.carried : row.refused);
      }
    }
    const carried = mapped[0]!;
    expect(carried.settings).toEqual({ toolCalls: 'fake', runCount: 2, passRate: 0.5 });
    expect(carried.evaluation['description']).toBe(
      'cxas-eval spec: test/fixtures/platform/fidelity.yaml › carried constructs\n' +
        'tool calls: fake\nruns: 2\npass rate: 0.5',
    );
    expect(carried.prompts).toEqual(['The agent confirms the booking']);
  });
});
