// JUnit stays well-formed XML whatever the agent says: every `]]>` of every CDATA section is split
// (the library splits only the first), checked with a strict parser and, when present, Python's expat.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { renderJunit, splitLaterCdataEnds } from '../../src/reporters/junit.js';
import type { AssertionResult } from '../../src/model/result.js';
import { buildRunResult, conversation, turnRecord } from './fixture.js';
import { findAll, parseXml } from './xml.js';

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

/** A conforming parser from outside this repo, when the machine has one. */
function expatAccepts(xml: string): boolean | undefined {
  const py = spawnSync('python3', ['-c', 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.stdin.buffer)'], {
    input: xml,
  });
  if (py.error) return undefined;
  return py.status === 0;
}

describe('junit with adversarial text', () => {
  it('splits every CDATA terminator, leaving the first for the library', () => {
    expect(splitLaterCdataEnds('plain')).toBe('plain');
    expect(splitLaterCdataEnds('a]]>b')).toBe('a]]>b');
    expect(splitLaterCdataEnds('a]]>b]]>c')).toBe('a]]>b]]]]><![CDATA[>c');
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
