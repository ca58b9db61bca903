// JUnit stays well-formed XML whatever the agent says: every `]]>` of every CDATA section is split
// (the library splits only the first), checked with a strict parser and, when present, Python's expat.
import { describe, expect, it } from 'vitest';
import { cdataText, renderJunit } from '../../src/reporters/junit.js';
import type { AssertionResult } from '../../src/model/result.js';
import { buildRunResult, conversation, turnRecord } from './fixture.js';
import { expatAccepts, findAll, parseXml } from './xml.js';

const HOSTILE = [
  ']]>',
  'a]]>b]]>c',
  ']]>]]>]]>',
  ']]]>>',
  ']]]]>',
  'x]]',
  '<![CDATA[ nested ]]> ]]>',
  ']]&gt;',
  '</system-out>]]>',
];

function hostileRun() {
  return buildRunResult(
    HOSTILE.map((text, i) => {
      const failure: AssertionResult = {
        matcher: 'text',
        negated: false,
        status: 'failed',
        message: `got ${text}`,
        turn: 0,
        actual: text,
      };
      const turn = turnRecord(
        0,
        [{ kind: 'text', text }],
        [
          { kind: 'user', text, input: 'text' },
          { kind: 'agent', role: 'root_agent', text: `${text} then ${text}` },
        ],
        { assertions: [failure] },
      );
      const status = i % 2 ? 'error' : 'failed';
      return conversation({
        name: `hostile ${i}`,
        file: 'specs/h.yaml',
        status,
        turns: [turn],
        ...(status === 'error' ? { error: { code: 'X', message: `boom ${text}` } } : {}),
      });
    }),
  );
}

describe('junit with adversarial text', () => {
  it('splits every CDATA terminator, leaving the first for the library', () => {
    expect(cdataText('plain')).toBe('plain');
    expect(cdataText('a]]>b')).toBe('a]]>b');
    expect(cdataText('a]]>b]]>c')).toBe('a]]>b]]]]><![CDATA[>c');
  });

  // The library drops characters XML cannot hold, but only after the split: `]]\x01>` became a new `]]>`.
  it('drops characters XML 1.0 forbids before splitting, in bodies and attributes alike', () => {
    expect(cdataText('a]]>b]]\x01>c')).toBe('a]]>b]]]]><![CDATA[>c');
    expect(cdataText('tab\tok\uFFFE\uD800 😀')).toBe('tab\tok 😀');
    const text = 'first ]]> then ]]\x01> and ]]\x0b> ]]]\uDC00> \uFFFF]]\x1f> end';
    const clean = 'first ]]> then ]]> and ]]> ]]]> ]]> end';
    const turn = turnRecord(0, [{ kind: 'text', text }], [{ kind: 'agent', role: 'root_agent', text }], {
      assertions: [{ matcher: 'text', negated: false, status: 'failed', message: `got ${text}`, turn: 0 }],
    });
    const run = buildRunResult([
      conversation({ name: `failed ${text}`, file: 'specs/c\x01.yaml', status: 'failed', turns: [turn] }),
      conversation({
        name: 'errored',
        file: 'specs/c.yaml',
        status: 'error',
        turns: [turn],
        error: { code: 'X\x02', message: `boom ${text}` },
      }),
      conversation({ name: 'skipped', file: 'specs/c.yaml', status: 'skipped', skipReason: `why ${text}` }),
    ]);
    const xml = renderJunit(run);
    expect(expatAccepts(xml) ?? true).toBe(true);
    const [failed, errored, skipped] = findAll(parseXml(xml), 'testcase');
    expect(failed!.attrs).toMatchObject({ name: `failed ${clean}`, classname: 'specs.c', file: 'specs/c.yaml' });
    expect(findAll(failed!, 'failure')[0]!.attrs['message']).toContain(`got ${clean}`);
    expect(findAll(failed!, 'failure')[0]!.text).toContain(`got ${clean}`);
    expect(findAll(failed!, 'system-out')[0]!.text).toContain(`AGENT RESPONSE [root_agent]: ${clean}`);
    expect(findAll(errored!, 'error')[0]!.attrs).toMatchObject({ type: 'X', message: `X: boom ${clean}` });
    expect(findAll(skipped!, 'skipped')[0]!.attrs['message']).toBe(`why ${clean}`);
  });

  it('is well-formed and keeps every text intact', () => {
    const xml = renderJunit(hostileRun());
    const cases = findAll(parseXml(xml), 'testcase');
    expect(cases).toHaveLength(HOSTILE.length);
    HOSTILE.forEach((text, i) => {
      const out = findAll(cases[i]!, 'system-out')[0]!.text;
      expect(out).toContain(`AGENT RESPONSE [root_agent]: ${text} then ${text}`);
      const body = findAll(cases[i]!, i % 2 ? 'error' : 'failure')[0]!.text;
      expect(body).toContain(`got ${text}`);
    });
    expect(expatAccepts(xml) ?? true).toBe(true);
  });

  it('marks an interrupted conversation as an error of type interrupted, not a skip', () => {
    const cut = conversation({
      name: 'cut',
      file: 'specs/i.yaml',
      status: 'interrupted',
      error: { code: 'INTERRUPTED', message: 'stopped by SIGTERM before it finished' },
    });
    const tc = findAll(parseXml(renderJunit(buildRunResult([cut]))), 'testcase')[0]!;
    expect(findAll(tc, 'skipped')).toEqual([]);
    expect(findAll(tc, 'error')[0]!.attrs).toMatchObject({
      type: 'interrupted',
      message: 'interrupted before it finished: stopped by SIGTERM before it finished',
    });
  });
});
