import { describe, expect, it } from 'vitest';
import type { ConversationSpec, SpecFile, ToolTestSpec } from '../../model/spec.js';
import { selectToolTests, type Selection } from '../../model/selection.js';
import { planRuns } from './plan.js';

function conv(name: string, extra: Partial<ConversationSpec> = {}): ConversationSpec {
  return {
    id: `specs/a.yaml#${name}`,
    name,
    file: 'specs/a.yaml',
    tags: [],
    repeat: 1,
    modality: 'text',
    toolFakes: [],
    turns: [],
    expect: [],
    format: 'native',
    ...extra,
  };
}
const file = (...conversations: ConversationSpec[]): SpecFile[] => [
  { file: 'specs/a.yaml', format: 'native', conversations },
];

describe('planRuns', () => {
  it('expands repeats into runs with their own ids, and --repeat overrides', () => {
    const plan = planRuns(file(conv('a', { repeat: 3 }), conv('b')));
    expect(plan.runs.map((r) => r.id)).toEqual([
      'specs/a.yaml#a#0',
      'specs/a.yaml#a#1',
      'specs/a.yaml#a#2',
      'specs/a.yaml#b#0',
    ]);
    expect(planRuns(file(conv('a', { repeat: 3 })), { repeat: 2 }).runs.map((r) => r.spec.repeat)).toEqual([2, 2]);
  });

  it('filters by grep (a part of "file › name" in any case), tags and excluded tags', () => {
    const files = file(
      conv('Balance check', { tags: ['p0'] }),
      conv('transfer', { tags: ['p1'] }),
      conv('balance slow', { tags: ['p0', 'slow'] }),
    );
    expect(planRuns(files, { grep: 'balance' }).runs.map((r) => r.spec.name)).toEqual([
      'Balance check',
      'balance slow',
    ]);
    expect(planRuns(files, { tags: ['p0'], excludeTags: ['slow'] }).runs.map((r) => r.spec.name)).toEqual([
      'Balance check',
    ]);
    expect(planRuns(files, { grep: 'nothing' })).toEqual({ runs: [], selected: 0 });
  });

  it('covers every conversation exactly once across shards', () => {
    const convs = Array.from({ length: 23 }, (_, i) => conv(`c${i}`));
    const seen = [1, 2, 3, 4].flatMap((index) =>
      planRuns(file(...convs), { shard: { index, total: 4 } }).runs.map((r) => r.spec.name),
    );
    expect(seen.sort()).toEqual(convs.map((c) => c.name).sort());
    const sizes = [1, 2, 3, 4].map((index) => planRuns(file(...convs), { shard: { index, total: 4 } }).runs.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('runs a dependency first, pulls it in when only the dependent is selected, keeps the chain in one shard', () => {
    const dependent = conv('second', { history: { afterConversation: 'first' }, tags: ['x'] });
    const files = file(dependent, conv('first'), conv('other'));
    expect(planRuns(files).runs.map((r) => r.spec.name)).toEqual(['first', 'second', 'other']);
    expect(planRuns(files, { tags: ['x'] }).runs.map((r) => r.spec.name)).toEqual(['first', 'second']);
    const shards = [1, 2].map((index) => planRuns(files, { shard: { index, total: 2 } }).runs.map((r) => r.spec.name));
    expect(shards.find((s) => s.includes('second'))).toContain('first');
  });

  it('selects conversations and tool tests by the same rules (src/model/selection.ts)', () => {
    const entries: Array<[string, string[]]> = [
      ['Balance check', ['p0']],
      ['transfer money', ['p1']],
      ['balance slow', ['p0', 'slow']],
    ];
    const tool = ([name, tags]: [string, string[]]): ToolTestSpec => ({
      id: `specs/a.yaml#${name}`,
      name,
      file: 'specs/a.yaml',
      tags,
      tool: 'lookup',
      args: {},
      expectResponse: [],
      expectVariables: [],
    });
    const files: SpecFile[] = [
      {
        file: 'specs/a.yaml',
        format: 'native',
        conversations: entries.map(([name, tags]) => conv(name, { tags })),
        toolTests: entries.map(tool),
      },
    ];
    const both = (sel: Selection): string[] => {
      const conversations = planRuns(files, sel).runs.map((r) => r.spec.name);
      expect(selectToolTests(files, sel).map((t) => t.name)).toEqual(conversations);
      return conversations;
    };
    expect(both({})).toEqual(entries.map(([name]) => name));
    expect(both({ tags: ['p0'], excludeTags: ['slow'] })).toEqual(['Balance check']);
    expect(both({ grep: 'A.YAML › BALANCE' })).toEqual(['Balance check', 'balance slow']);
    expect(both({ grep: '/^specs\\/a\\.yaml › t/' })).toEqual(['transfer money']);
    expect(both({ grepInvert: '/slow|money/i' })).toEqual(['Balance check']);
    expect(both({ grep: 'balance', filter: (s) => s.id.endsWith('slow') })).toEqual(['balance slow']);
  });
});
