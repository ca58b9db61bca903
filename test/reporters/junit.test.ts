import { describe, expect, it } from 'vitest';
import { renderJunit, junitClassName } from '../../src/reporters/junit.js';
import { buildConversations, buildRunResult, conversation } from './fixture.js';
import { findAll, parseXml } from './xml.js';

describe('junit reporter', () => {
  const result = buildRunResult();
  const root = parseXml(renderJunit(result));
  const cases = findAll(root, 'testcase');

  it('parses and its counts equal the run', () => {
    const s = result.summary;
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({
      tests: String(s.total),
      failures: String(s.failed),
      errors: String(s.error),
      skipped: String(s.skipped),
    });
    expect(cases).toHaveLength(s.total);
    expect(findAll(root, 'failure')).toHaveLength(s.failed);
    expect(findAll(root, 'error')).toHaveLength(s.error);
    expect(findAll(root, 'skipped')).toHaveLength(s.skipped);
    const suites = findAll(root, 'testsuite');
    expect(suites.map((x) => x.attrs.name)).toEqual([
      'specs/billing.yaml',
      'specs/support/escalation.yaml',
      'specs/repeat.yaml',
      'specs/security.yaml',
    ]);
    for (const suite of suites) expect(Number(suite.attrs.tests)).toBe(findAll(suite, 'testcase').length);
  });

  it('names cases from the file and the run index, with durations in seconds', () => {
    expect(cases.map((c) => `${c.attrs.classname} | ${c.attrs.name} | ${c.attrs.time}`)).toEqual([
      'specs.billing | balance lookup | 1.5',
      'specs.billing | refund flow | 2.3',
      'specs.support.escalation | escalate to human | 3.1',
      'specs.support.escalation | legacy judge | 0',
      'specs.repeat | flaky greeting [run 1] | 0.8',
      'specs.repeat | flaky greeting [run 2] | 0.8',
      'specs.repeat | flaky greeting [run 3] | 0.8',
      'specs.security | hostile content | 1.5',
    ]);
    expect(junitClassName('./specs/a/b.yml')).toBe('specs.a.b');
  });

  it('keeps failure (assertions) and error (infrastructure) apart, with expected vs actual', () => {
    const failure = findAll(cases[1]!, 'failure')[0]!;
    expect(failure.attrs.message).toBe(
      'expected text to contain "refund issued"; got "I cannot help with that." at specs/billing.yaml:21:11 (+1 more)',
    );
    expect(failure.text).toBe(
      [
        'text failed at specs/billing.yaml:21:11 (turn 2)',
        '  expected text to contain "refund issued"; got "I cannot help with that."',
        '  Expected: {"contains":"refund issued"}',
        '  Actual:   "I cannot help with that."',
        'toolSequence failed at specs/billing.yaml:25:9 (conversation)',
        '  expected tools [refund_order] in order; got []',
        '  Expected: ["refund_order"]',
        '  Actual:   []',
        'golden goldens/billing/refund-flow.json mismatched:',
        '  turn 2 text: expected Refund issued for order 77. | actual I cannot help with that.',
      ].join('\n'),
    );
    const error = findAll(cases[2]!, 'error')[0]!;
    expect(error.attrs).toMatchObject({
      message: 'UNAVAILABLE: connection refused (127.0.0.1:50051)',
      type: 'UNAVAILABLE',
    });
    expect(error.text).toContain(
      'ATTEMPT 1 error (1.0s) UNAVAILABLE: connection refused (127.0.0.1:50051), retried after 500ms',
    );
    expect(findAll(cases[2]!, 'failure')).toHaveLength(0);
    expect(findAll(cases[3]!, 'skipped')[0]!.attrs.message).toBe('natural-language expectation needs an LLM judge');
  });

  it('puts the transcript in system-out', () => {
    expect(findAll(cases[0]!, 'system-out')[0]!.text).toBe(
      [
        '--- Turn 1 ---',
        'USER EVENT: WELCOME',
        'AGENT RESPONSE [root_agent]: Welcome to Cymbal support!',
        '--- Turn 2 ---',
        'USER QUERY: My account is 123',
        'TOOL CALL lookup_account -- Args: {"account_id":"123"}',
        'TOOL RESULT lookup_account: {"status":"ok","balance":42.5}',
        'AGENT TRANSFER root_agent -> billing_agent',
        'CUSTOM PAYLOAD: {"card":"balance"}',
        'VARIABLES: {"api_token":"sk-live-ABC123","tier":"gold"}',
        'AGENT RESPONSE [billing_agent]: Your balance is $42.50. Token sk-live-ABC123.',
      ].join('\n'),
    );
    expect(findAll(cases[7]!, 'system-out')[0]!.text).toContain('<script>window.__pwned=1</script>');
  });

  it('stays well-formed with CDATA terminators, control characters and markup in names', () => {
    const hostile = conversation({
      name: 'a <b> & "c" ]]>',
      file: 'specs/x.yaml',
      status: 'failed',
      error: { code: 'X', message: 'bad ]]> \u0001 <tag>' },
    });
    const xml = renderJunit(buildRunResult([...buildConversations(), hostile]));
    const last = findAll(parseXml(xml), 'testcase').at(-1)!;
    expect(last.attrs.name).toBe('a <b> & "c" ]]>');
    expect(findAll(last, 'failure')[0]!.attrs.message).toBe('X: bad ]]>  <tag>');
  });
});
