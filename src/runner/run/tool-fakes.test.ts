// The fakes a recorded conversation left unused (`rescore`): only the client calls the live run
// answered count, each matched as the live responder matched it.
import { describe, expect, it } from 'vitest';
import type { ToolFakeSpec } from '../../model/spec.js';
import { emptyTurnResult, type ToolCall, type TurnResult } from '../../model/turn.js';
import { unusedFakesOf } from './tool-fakes.js';

const call = (id: string, name: string, args = {}, origin: ToolCall['origin'] = 'client'): ToolCall => ({
  id,
  name,
  args,
  origin,
});

function turn(calls: ToolCall[], answeredIds: string[]): TurnResult {
  const t = emptyTurnResult(1);
  t.toolCalls = calls;
  t.inputs = [
    { kind: 'text', text: 'hi' },
    { kind: 'toolResponses', responses: answeredIds.map((id) => ({ id, name: 'x', response: {} })) },
  ];
  return t;
}

describe('unusedFakesOf', () => {
  const byArgs: ToolFakeSpec = { tool: 'pay', whenArgs: { amount: 5 }, respond: { ok: true } };
  const anyPay: ToolFakeSpec = { tool: 'pay', respond: { ok: false } };
  const lookup: ToolFakeSpec = { tool: 'lookup', respond: {} };
  const never: ToolFakeSpec = { tool: 'colect_payment', respond: {} };

  it('counts the answered client calls, each for the first fake that matches it', () => {
    const turns = [turn([call('1', 'pay', { amount: 5 })], ['1']), turn([call('2', 'pay', { amount: 5 })], ['2'])];
    expect(unusedFakesOf([byArgs, anyPay, lookup, never], turns)).toEqual([anyPay, lookup, never]);
  });

  it('does not count server calls, nor client calls the run never answered (the session ended first)', () => {
    const turns = [turn([call('1', 'lookup', {}, 'server'), call('2', 'pay', { amount: 1 })], [])];
    expect(unusedFakesOf([anyPay, lookup], turns)).toEqual([anyPay, lookup]);
  });

  it('does not stop at a recorded call no fake matches', () => {
    const turns = [turn([call('1', 'other'), call('2', 'lookup')], ['1', '2'])];
    expect(unusedFakesOf([lookup, never], turns)).toEqual([never]);
  });

  it('takes a call whose args redact: masked for the first fake it could have matched', () => {
    const ticket: ToolFakeSpec = { tool: 'open_ticket', whenArgs: { priority: 'high', team: 'net' }, respond: {} };
    const other: ToolFakeSpec = { tool: 'open_ticket', whenArgs: { priority: 'low', team: 'net' }, respond: {} };
    const masked = call('1', 'open_ticket', { priority: '[REDACTED]', team: 'net' });
    expect(unusedFakesOf([ticket, other], [turn([masked], ['1'])])).toEqual([other]);
    // A masked key stands for any expected key; an unmasked value still has to match.
    const maskedKey = call('2', 'open_ticket', { '[REDACTED]': 'x', team: 'net' });
    expect(unusedFakesOf([ticket], [turn([maskedKey], ['2'])])).toEqual([]);
    const wrongTeam = call('3', 'open_ticket', { priority: '[REDACTED]', team: 'billing' });
    expect(unusedFakesOf([ticket], [turn([wrongTeam], ['3'])])).toEqual([ticket]);
  });
});
