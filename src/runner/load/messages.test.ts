// Matcher mistakes give one clear line each (anyOf cascades collapsed, echoes suppressed).
import { describe, expect, it } from 'vitest';
import { messagesOf } from '../../../test/loader/helpers.js';

const withExpect = (item: string): string =>
  `conversations:\n  - name: a\n    turns: [{ user: hi }]\n    expect:\n${item}\n`;
const MATCHERS =
  'text, transcript, toolCall, noToolCalls, toolSequence, transfer, noTransfer, payload, variables, ' +
  'sessionEnded, citations, latency, custom, judge';

describe('matcher error messages', () => {
  it.each([
    ['      - toolcall: x', 'a.yaml:5:9 conversations[0].expect[0]: unknown key "toolcall" (did you mean "toolCall"?)'],
    [
      '      - not: { toolcall: x }',
      'a.yaml:5:16 conversations[0].expect[0].not: unknown key "toolcall" (did you mean "toolCall"?)',
    ],
    [
      '      - text: { contain: x }',
      'a.yaml:5:17 conversations[0].expect[0].text: unknown key "contain" (did you mean "contains"?)',
    ],
    ['      - text: 5', 'a.yaml:5:15 conversations[0].expect[0].text: expected a string or a map, got a number'],
    [
      '      - text: { equals: a, contains: b }',
      'a.yaml:5:28 conversations[0].expect[0].text: ' +
        'takes only one of equals, contains, matches, oneOf or similar: found equals and contains',
    ],
    [
      '      - transfer: { too: x }',
      'a.yaml:5:21 conversations[0].expect[0].transfer: unknown key "too" (did you mean "to"?)',
    ],
    ['      - toolCall: { name: a, count: -1 }', 'a.yaml:5:37 conversations[0].expect[0].toolCall.count: must be >= 0'],
    [
      '      - toolCall: { args: { a: 1 } }',
      'a.yaml:5:19 conversations[0].expect[0].toolCall: toolCall needs name, displayName or anyTool: true',
    ],
    [
      '      - toolCall: { name: a, anyTool: true }',
      'a.yaml:5:30 conversations[0].expect[0].toolCall.anyTool: ' +
        'toolCall names its tool one way (name, displayName or anyTool: true), not name and anyTool',
    ],
    [
      '      - not: { toolCall: { name: a, displayName: A } }',
      'a.yaml:5:37 conversations[0].expect[0].not.toolCall.displayName: ' +
        'toolCall names its tool one way (name, displayName or anyTool: true), not name and displayName',
    ],
    ['      - {}', `a.yaml:5:9 conversations[0].expect[0]: needs one of ${MATCHERS} or not`],
    [
      '      - text: a\n        toolCall: b',
      `a.yaml:6:9 conversations[0].expect[0]: takes only one of ${MATCHERS} or not: found text and toolCall`,
    ],
    [
      '      - latency: {}',
      'a.yaml:5:18 conversations[0].expect[0].latency: needs at least one of maxMs, firstOutputMs or firstAudioMs',
    ],
    [
      '      - toolSequence: { mode: exact }',
      'a.yaml:5:23 conversations[0].expect[0].toolSequence: missing required key "tools"',
    ],
    ['      - noToolCalls: false', 'a.yaml:5:22 conversations[0].expect[0].noToolCalls: expected true'],
    [
      '      - payload: { a: { $gt: x } }',
      'a.yaml:5:30 conversations[0].expect[0].payload.a.$gt: $gt takes a number; got a string',
    ],
    // Non-finite numbers are named as what they are, not "a number" (which reads as no reason at all).
    [
      '      - payload: { a: { $lt: .nan } }',
      'a.yaml:5:30 conversations[0].expect[0].payload.a.$lt: $lt takes a number; got not a number (.nan)',
    ],
    [
      '      - latency: { maxMs: .inf }',
      'a.yaml:5:27 conversations[0].expect[0].latency.maxMs: ' +
        'expected a number, got infinity (.inf, or a number too large to hold)',
    ],
    [
      '      - payload: { a: { $gt: -1e400 } }',
      'a.yaml:5:30 conversations[0].expect[0].payload.a.$gt: ' +
        '$gt takes a number; got -infinity (-.inf, or a number too large to hold)',
    ],
    [
      '      - variables: { a: { $regex: x, foo: 1 } }',
      'a.yaml:5:38 conversations[0].expect[0].variables.a: "foo" is not an operator; ' +
        'an operator object holds only operators (expected one of: $regex, $contains, $oneOf, $gt, $lt, $exists, $any)',
    ],
    [
      '      - variables: { a: { $any: numbr } }',
      'a.yaml:5:33 conversations[0].expect[0].variables.a.$any: ' +
        '$any takes true or one of string, number, boolean, object, array, null; got a string',
    ],
    [
      '      - payload: { value: { a: 1 }, mod: exact }',
      'a.yaml:5:37 conversations[0].expect[0].payload: unknown key "mod" (did you mean "mode"?)',
    ],
    [
      '      - variables: { values: { a: 1 }, mode: exactly }',
      'a.yaml:5:46 conversations[0].expect[0].variables.mode: expected one of "subset", "exact"; ' +
        'got a string (did you mean "exact"?)',
    ],
    [
      '      - sessionEnded: { metadata: { reason: x }, extra: 1 }',
      'a.yaml:5:50 conversations[0].expect[0].sessionEnded: unknown key "extra" (expected one of: metadata, mode)',
    ],
    [
      '      - citations: { url: x }',
      'a.yaml:5:22 conversations[0].expect[0].citations: unknown key "url" (did you mean "uri"?)',
    ],
    [
      '      - transfer: { chain: [a], mode: strict }',
      'a.yaml:5:39 conversations[0].expect[0].transfer.mode: expected one of "subset", "exact"; got a string',
    ],
  ])('%s', async (item, message) => {
    expect(await messagesOf({ 'a.yaml': withExpect(item) })).toEqual([message]);
  });

  it('explains settings and inputs the same way', async () => {
    const text =
      'conversations:\n  - name: a\n    history: [{ usr: x }]\n    toolFakes: [{ tool: t }]\n' +
      '    turns: [{ audio: { file: a, say: b } }, { blob: {} }]\n';
    expect(await messagesOf({ 'a.yaml': text })).toEqual([
      'a.yaml:3:17 conversations[0].history[0]: unknown key "usr" (did you mean "user"?)',
      'a.yaml:4:17 conversations[0].toolFakes[0]: needs one of respond, error or sequence',
      'a.yaml:5:33 conversations[0].turns[0].audio: takes only one of file or say: found file and say',
      'a.yaml:5:53 conversations[0].turns[1].blob: needs one of file or data',
    ]);
  });
});
