// A cache that cannot be edited into a pass: signed entries (secret outside the cache folder), 0600
// files in 0700 folders, nothing unmasked written; the simulated user's requests masked like the judge's.
import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveJudge, type JudgeConfig } from '../../src/judge/index.js';
import { resolveUserModel } from '../../src/runner/index.js';
import { userSystemPrompt, USER_PROMPT_VERSION, USER_REPLY_SCHEMA } from '../../src/runner/run/simulation/prompt.js';
import { BALANCE_TURNS, FAIL, configFor, ready, useFakeLlm } from './helpers.js';

const llm = useFakeLlm();
const CARD = /\b4111\d{12}\b/g;
const mask = (t: string) => t.replace(CARD, '[REDACTED]');

let root: string;
let env: NodeJS.ProcessEnv;
let warnings: string[];
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'cxas-cache-trust-'));
  env = { GEMINI_API_KEY: 'k', CXAS_EVAL_STATE_DIR: path.join(root, 'state') };
  warnings = [];
});
afterEach(() => rm(root, { recursive: true, force: true }));

const cacheDir = () => path.join(root, 'cache');
const config = (extra: JudgeConfig = {}) => configFor('gemini', llm.fake, cacheDir(), extra);
const judge = (e = env) => ready(resolveJudge(config(), {}, e, { redact: mask, warn: (m) => warnings.push(m) })).judge;

async function entries(): Promise<string[]> {
  const out: string[] = [];
  for (const shard of await readdir(cacheDir()).catch(() => [] as string[]))
    for (const f of await readdir(path.join(cacheDir(), shard))) out.push(path.join(cacheDir(), shard, f));
  return out;
}

const mode = async (p: string) => (await stat(p)).mode & 0o777;

describe('cache integrity', () => {
  it('an entry edited from fail to pass is a miss and a warning, never "passed (cached)"', async () => {
    llm.fake.on(() => true, FAIL);
    const ask = () => judge().evaluate({ criterion: 'balance right', turns: BALANCE_TURNS });
    expect(await ask()).toMatchObject({ status: 'failed' });
    const [file] = await entries();
    const text = await readFile(file!, 'utf8');
    await writeFile(file!, text.replace('"verdict":"fail"', '"verdict":"pass"'));
    const again = await ask();
    expect(again).toMatchObject({ status: 'failed', calls: [{ cached: false }] });
    expect(llm.fake.requests).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/ignored cache entry .* fails its integrity check/);
    // Rewritten, signed again: the next ask is a quiet hit.
    warnings.length = 0;
    expect(await ask()).toMatchObject({ status: 'failed', calls: [{ cached: true }] });
    expect(warnings).toEqual([]);
  });

  it('an entry moved under another key, or signed with another secret, is a miss', async () => {
    llm.fake.on(() => true, FAIL);
    await judge().evaluate({ criterion: 'one', turns: BALANCE_TURNS });
    await judge().evaluate({ criterion: 'two', turns: BALANCE_TURNS });
    const [a, b] = await entries();
    await rename(a!, b!);
    await judge().evaluate({ criterion: 'one', turns: BALANCE_TURNS });
    await judge().evaluate({ criterion: 'two', turns: BALANCE_TURNS });
    expect(llm.fake.requests).toHaveLength(4);
    const other = { ...env, CXAS_EVAL_STATE_DIR: path.join(root, 'other-state') };
    await judge(other).evaluate({ criterion: 'one', turns: BALANCE_TURNS });
    expect(llm.fake.requests).toHaveLength(5);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the secret outside the cache folder, 0600; cache files 0600 and folders 0700', async () => {
    llm.fake.on(() => true, FAIL);
    await judge().evaluate({ criterion: 'c', turns: BALANCE_TURNS });
    const secret = path.join(root, 'state', 'cache-secret');
    expect(await mode(secret)).toBe(0o600);
    expect((await readFile(secret, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    const [file] = await entries();
    expect(await mode(file!)).toBe(0o600);
    expect(await mode(path.dirname(file!))).toBe(0o700);
    expect(await mode(cacheDir())).toBe(0o700);
    const entry = JSON.parse(await readFile(file!, 'utf8')) as Record<string, unknown>;
    expect(entry).toMatchObject({ key: { promptVersion: 'judge-v3', backend: 'gemini', sampleIndex: 0 } });
    expect(entry['hmac']).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the simulated user model', () => {
  const sim = {
    persona: 'A caller whose card is 4111111111111111',
    goals: [{ goal: 'Pay with card 4111222233334444', successCriteria: 'paid' }],
  };

  it('sends persona, goals and earlier replies masked, and stores no reply that holds a secret', async () => {
    llm.fake.on('first', { json: { action: 'say', text: 'my card is 4111555566667777', activeGoal: 1 } });
    llm.fake.on('second', { json: { action: 'say', text: 'thanks', activeGoal: 1 } });
    const setup = resolveUserModel({}, config(), {}, env, { redact: mask, warn: (m) => warnings.push(m) });
    if (setup.kind !== 'ready') throw new Error(setup.reason);
    const caller = setup.callerFor();
    if (typeof caller === 'string') throw new Error(caller);
    const ask = (opening: string) =>
      caller.call({
        promptVersion: USER_PROMPT_VERSION,
        system: userSystemPrompt(sim),
        messages: [
          { role: 'user', text: opening },
          { role: 'model', text: '{"action":"say","text":"card 4111999988887777","activeGoal":1}' },
          { role: 'user', text: 'Agent: which card?' },
        ],
        schema: USER_REPLY_SCHEMA,
        schemaName: 'user_turn',
      });
    expect(await ask('first')).toMatchObject({ ok: true });
    expect(await ask('second')).toMatchObject({ ok: true });
    const sent = llm.fake.requests.map((r) => `${r.system}\n${r.prompt}`).join('\n');
    expect(sent).not.toMatch(/4111\d{12}/);
    expect(sent).toContain('A caller whose card is [REDACTED]');
    const stored = await Promise.all((await entries()).map((f) => readFile(f, 'utf8')));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toContain('thanks');
    expect(stored.join('\n')).not.toMatch(/4111\d{12}/);
  });
});
