// `match: strict | lenient`: the conversation's own, else its file's defaults, else the config's.
import { describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/runner/load/index.js';
import { writeTree } from './helpers.js';

const FILE = `defaults: { match: strict }
conversations:
  - name: from defaults
    turns: [{ user: hi }]
  - name: own
    match: lenient
    turns: [{ user: hi }]
`;
const PLAIN = 'conversations:\n  - name: plain\n    turns: [{ user: hi }]\n';

describe('match style', () => {
  it('resolves conversation, then file defaults, then the config', async () => {
    const cwd = writeTree({ 'a.yaml': FILE, 'b.yaml': PLAIN });
    const { files, errors } = await loadSpecs(['.'], { cwd, match: 'lenient' });
    expect(errors).toEqual([]);
    const styles = Object.fromEntries(files.flatMap((f) => f.conversations).map((c) => [c.name, c.match]));
    expect(styles).toEqual({ 'from defaults': 'strict', own: 'lenient', plain: 'lenient' });
    const strict = await loadSpecs(['b.yaml'], { cwd, match: 'strict' });
    expect(strict.files[0]!.conversations[0]!.match).toBe('strict');
  });

  it('rejects an unknown style at its position', async () => {
    const cwd = writeTree({ 'a.yaml': 'conversations:\n  - name: a\n    match: exact\n    turns: [{ user: hi }]\n' });
    const { errors } = await loadSpecs(['.'], { cwd });
    expect(errors.map((e) => e.message)).toEqual([
      'a.yaml:3:12 conversations[0].match: expected one of "strict", "lenient"; got a string',
    ]);
  });

  it('accepts every new matcher form', async () => {
    const expectations = [
      '{ sessionEnded: { metadata: { reason: user_goodbye } } }',
      '{ citations: { uri: { $regex: "/refunds$/" }, title: Refund policy, count: 1, mode: subset } }',
      '{ variables: { values: { authenticated: true }, mode: exact, absent: [is_admin] } }',
      '{ payload: { value: { type: rich_card }, mode: exact, count: { min: 1 } } }',
      '{ transfer: { to: billing_agent, count: 1 } }',
      '{ transfer: { chain: [billing_agent], mode: exact } }',
      '{ variables: { balance: { $any: number } } }',
    ];
    const cwd = writeTree({
      'a.yaml': `conversations:\n  - name: a\n    turns: [{ user: hi }]\n    expect: [${expectations.join(', ')}]\n`,
    });
    const { files, errors } = await loadSpecs(['.'], { cwd });
    expect(errors).toEqual([]);
    expect(files[0]!.conversations[0]!.expect.map((e) => e.matcher)).toEqual([
      'sessionEnded',
      'citations',
      'variables',
      'payload',
      'transfer',
      'transfer',
      'variables',
    ]);
  });
});
