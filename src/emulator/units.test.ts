import { describe, expect, it, vi } from 'vitest';
import { Chaos, DEFAULT_FAULTS, mulberry32 } from './chaos.js';
import type { JsonValue } from '../model/json.js';
import { conditionHolds, type TurnInputs } from './match.js';
import { renderJson, renderText, UnresolvedPlaceholderError, type TemplateScope } from './template.js';

const input = (over: Partial<TurnInputs>): TurnInputs => ({ blobs: [], images: [], toolResponses: [], ...over });

describe('route conditions', () => {
  it.each([
    [{ text: 'Balance' }, input({ text: 'my balance?' }), true],
    [{ text: 'balance' }, input({ dtmf: '1' }), false],
    [{ text: '/^bill/i' }, input({ text: 'Billing' }), true],
    [{ text: '/^bill/' }, input({ text: 'Billing' }), false],
    [{ event: 'welcome' }, input({ event: 'WELCOME' }), true],
    [{ dtmf: '1234#' }, input({ dtmf: '1234' }), false],
    [{ dtmf: '/^\\d{4}#$/' }, input({ dtmf: '1234#' }), true],
    [{ image: 'image/*' }, input({ images: [{ mimeType: 'image/png', data: 'x' }] }), true],
    [{ blob: 'application/pdf' }, input({ blobs: [{ mimeType: 'text/plain', data: 'x' }] }), false],
    [{ toolResponse: 'open_ticket' }, input({ toolResponses: [{ tool: 'open_ticket', response: {} }] }), true],
    [{ default: true as const }, input({}), true],
    [{ text: 'hi', event: 'x' }, input({ text: 'hi' }), false],
  ])('%j on %j → %s', (on, inp, expected) => {
    expect(conditionHolds(on, inp, {})).toBe(expected);
  });

  it('tests variables: equals, exists, matches', () => {
    const vars = { pin: '1234#', tier: 'gold', n: 3 };
    expect(conditionHolds({ variable: { var: 'n', equals: 3 } }, input({}), vars)).toBe(true);
    expect(conditionHolds({ variable: { var: 'n', equals: '3' } }, input({}), vars)).toBe(false);
    expect(conditionHolds({ variable: { var: 'pin', exists: true } }, input({}), vars)).toBe(true);
    expect(conditionHolds({ variable: { var: 'zip', exists: true } }, input({}), vars)).toBe(false);
    expect(conditionHolds({ variable: { var: 'tier', matches: '/^g/' } }, input({}), vars)).toBe(true);
  });

  it('compares an object structurally: the order of its keys does not matter', () => {
    const vars = { prefs: { tz: 'utc', lang: 'en', tags: ['a', 'b'] } };
    const on = (equals: JsonValue) => ({ variable: { var: 'prefs', equals } });
    expect(conditionHolds(on({ lang: 'en', tags: ['a', 'b'], tz: 'utc' }), input({}), vars)).toBe(true);
    expect(conditionHolds(on({ lang: 'en', tags: ['b', 'a'], tz: 'utc' }), input({}), vars)).toBe(false);
    expect(conditionHolds(on({ lang: 'en' }), input({}), vars)).toBe(false);
    expect(conditionHolds({ variable: { var: 'none', equals: null } }, input({}), vars)).toBe(false);
  });
});

describe('templates', () => {
  const scope: TemplateScope = {
    vars: { x: 'X', n: 2 },
    input: { text: 'hello' },
    tool: { t: { balance: 42.5, nested: { a: [1] } } },
  };
  it('renders text', () => {
    expect(renderText('${vars.x}-${input.text}-${tool.t.balance}-$${vars.n}', scope)).toBe('X-hello-42.5-$2');
  });
  it('keeps the JSON type of a whole-string placeholder', () => {
    expect(
      renderJson(
        { b: '${tool.t.balance}', s: 'b=${tool.t.balance}', o: '${tool.t.nested}', z: '${vars.none}' },
        { ...scope, vars: { none: null } },
      ),
    ).toEqual({ b: 42.5, s: 'b=42.5', o: { a: [1] }, z: null });
  });
  it.each([
    [
      'Your balance is $${vars.missing}.',
      'placeholder ${vars.missing} has no value: session variable "missing" is not set',
    ],
    ['${input.dtmf}', 'placeholder ${input.dtmf} has no value: this turn has no dtmf input'],
    ['${tool.other.x}', 'placeholder ${tool.other.x} has no value: tool "other" has not answered in this session'],
    ['${tool.t.currency}', 'placeholder ${tool.t.currency} has no value: tool "t" answered without currency'],
    ['n=${vars.empty}', 'placeholder ${vars.empty} has no value: its value is null'],
  ])('never renders %s as empty text', (template, message) => {
    const withNull = { ...scope, vars: { ...scope.vars, empty: null } };
    expect(() => renderText(template, withNull)).toThrow(UnresolvedPlaceholderError);
    expect(() => renderText(template, withNull)).toThrow(message);
    expect(() => renderJson({ a: [template] }, withNull)).toThrow(message);
  });
});

describe('chaos', () => {
  it('mulberry32 is deterministic per seed', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
  it('samples fixed, uniform and normal latencies within bounds', () => {
    expect(new Chaos(1, 25, DEFAULT_FAULTS).latencyMs()).toBe(25);
    const uniform = new Chaos(1, { min: 10, max: 20 }, DEFAULT_FAULTS);
    for (let i = 0; i < 100; i++) expect(uniform.latencyMs()).toBeGreaterThanOrEqual(10);
    const normal = new Chaos(1, { mean: 100, stddev: 10 }, DEFAULT_FAULTS);
    const samples = Array.from({ length: 2000 }, () => normal.latencyMs());
    const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
    expect(mean).toBeGreaterThan(98);
    expect(mean).toBeLessThan(102);
  });
  it('decides nothing with no faults configured', () => {
    expect(new Chaos(1, undefined, DEFAULT_FAULTS).decide()).toEqual({ kind: 'none' });
  });
  it('lets a turn through every 1/rate seconds under a fractional quota, as its retry hint says', () => {
    let now = 0;
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      const chaos = new Chaos(1, undefined, { ...DEFAULT_FAULTS, quotaTurnsPerSecond: 0.5 });
      expect(chaos.decide()).toEqual({ kind: 'none' });
      const blocked = chaos.decide();
      expect(blocked.kind).toBe('error');
      const retryMs = blocked.kind === 'error' ? (blocked.error.retryDelayMs ?? 0) : 0;
      expect(retryMs).toBe(2000);
      now += retryMs - 1;
      expect(chaos.decide().kind).toBe('error');
      now += 1;
      expect(chaos.decide()).toEqual({ kind: 'none' });
      // Long idle does not bank more than one turn: the burst is max(1, rate).
      now += 60_000;
      expect(chaos.decide()).toEqual({ kind: 'none' });
      expect(chaos.decide().kind).toBe('error');
    } finally {
      clock.mockRestore();
    }
  });
});
