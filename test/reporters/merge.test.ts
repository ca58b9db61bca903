import { describe, expect, it } from 'vitest';
import { mergeRunResults } from '../../src/reporters/index.js';
import { buildConversations, buildRunResult } from './fixture.js';

describe('mergeRunResults', () => {
  const all = buildConversations();
  const shard1 = buildRunResult(all.slice(0, 4), {
    runId: 'run-1',
    shard: { index: 1, total: 2 },
    startedAt: '2026-01-01T10:00:05.000Z',
    finishedAt: '2026-01-01T10:00:20.000Z',
  });
  const shard2 = buildRunResult(all.slice(4), {
    runId: 'run-1',
    shard: { index: 2, total: 2 },
    startedAt: '2026-01-01T10:00:01.000Z',
    finishedAt: '2026-01-01T10:00:12.000Z',
  });

  it('combines shards into the run they split, recomputing summary, repeats and status', () => {
    const merged = mergeRunResults([shard1, shard2]);
    const whole = buildRunResult(all);
    expect(merged.conversations.map((c) => c.id)).toEqual(all.map((c) => c.id));
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.repeats).toEqual(whole.repeats);
    expect(merged.repeats[0]).toMatchObject({ runs: 3, passed: 2, requiredPassRate: 0.8, status: 'failed' });
    expect(merged.status).toBe('error');
    expect(merged.shard).toBeUndefined();
    expect([merged.startedAt, merged.finishedAt, merged.durationMs]).toEqual([
      '2026-01-01T10:00:01.000Z',
      '2026-01-01T10:00:20.000Z',
      19_000,
    ]);
  });

  it('deduplicates conversations by id (the later shard wins) and run errors', () => {
    const rerun = { ...all[2]!, status: 'passed' as const, error: undefined };
    const retry = buildRunResult([rerun], { errors: [{ code: 'REPORTER', message: 'html failed' }] });
    const merged = mergeRunResults([shard1, shard2, retry, { ...retry }]);
    expect(merged.conversations).toHaveLength(all.length);
    expect(merged.conversations.find((c) => c.id === rerun.id)?.status).toBe('passed');
    expect(merged.summary.error).toBe(0);
    expect(merged.status).toBe('failed');
    expect(merged.errors).toEqual([{ code: 'REPORTER', message: 'html failed' }]);
  });

  it("judges with the shards' --fail-on-skipped policy, as the live run did", () => {
    const passedOnly = all.filter((c) => c.status === 'passed' || c.status === 'skipped');
    expect(passedOnly.some((c) => c.status === 'skipped')).toBe(true);
    const lenient = buildRunResult(passedOnly);
    const strict = { ...buildRunResult(passedOnly), policy: { failOnSkipped: true } };
    expect(mergeRunResults([lenient]).status).toBe('passed');
    expect(mergeRunResults([lenient, strict])).toMatchObject({ status: 'failed', policy: { failOnSkipped: true } });
  });

  it("drops the shards' coverage gate errors: merge-reports gates the union itself", () => {
    const passedOnly = all.filter((c) => c.status === 'passed');
    const gated = buildRunResult(passedOnly, {
      errors: [
        { code: 'COVERAGE_BELOW_MINIMUM', message: 'coverage of tools 50.0% (1/2) is below the minimum 90.0%' },
        { code: 'COVERAGE_GATE_NOT_EVALUATED', message: 'coverage gate not evaluated: no network' },
      ],
    });
    expect(gated.status).toBe('error');
    expect(mergeRunResults([gated])).toMatchObject({ status: 'passed', errors: [] });
  });

  it('keeps the identity the shards agree on; what differs is left out and said', () => {
    const identity = {
      target: { app: 'projects/p/locations/us/apps/a' },
      specs: { 'specs/a.yaml': 'a'.repeat(64) },
      config: 'c'.repeat(64),
      git: { commit: 'f'.repeat(40), branch: 'main', dirty: false },
      host: 'ci-1',
    };
    const warnings: string[] = [];
    const merged = mergeRunResults(
      [
        { ...shard1, identity },
        { ...shard2, identity: { ...identity, specs: { 'specs/b.yaml': 'b'.repeat(64) }, host: 'ci-2' } },
      ],
      (w) => warnings.push(w),
    );
    const { host: _host, ...shared } = identity;
    expect(merged.identity).toEqual({ ...shared, specs: { ...identity.specs, 'specs/b.yaml': 'b'.repeat(64) } });
    expect(warnings).toEqual(["the shards' host differ: left out of the merged identity"]);
    expect(merged.runId).not.toBe(shard1.runId);

    warnings.length = 0;
    const edited = { ...identity, specs: { 'specs/a.yaml': 'e'.repeat(64) } };
    const apart = mergeRunResults(
      [
        { ...shard1, identity },
        { ...shard2, identity: edited },
      ],
      (w) => warnings.push(w),
    );
    expect(apart.identity).toBeUndefined();
    expect(warnings).toEqual(["the shards' spec hashes differ: the merged run has no identity"]);
  });

  it('is interrupted when any shard was, and refuses nothing to merge', () => {
    expect(mergeRunResults([shard1, { ...shard2, interrupted: true }]).status).toBe('interrupted');
    expect(() => mergeRunResults([])).toThrow('mergeRunResults needs at least one RunResult');
  });
});
