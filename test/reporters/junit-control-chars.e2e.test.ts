// Agent text with `]]`, a control character and `>` (issue: junit.xml was not well-formed): a real run
// against the emulator writes junit.xml, which a strict parser and, when present, Python's expat accept.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';
import { expatAccepts, findAll, parseXml } from './xml.js';

describe('junit.xml with control characters in agent text', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    // YAML "\x01" and "\v" are control characters; the echo app repeats the user's text.
    'specs/c.yaml': `conversations:
  - name: cdata
    turns:
      - user: "first ]]> then ]]\\x01> and <b>bold</b> ]]\\v> end"
        expect: [ { text: nope } ]
`,
  });
  afterAll(() => p.cleanup());

  it('is well-formed and keeps the text minus the characters XML cannot hold', async () => {
    const res = await runCli(runArgs({ app: 'app.yaml', reporter: 'junit' }, '--no-history'), { cwd: p.dir });
    expect(res.code, res.stderr).toBe(1);
    const xml = await readFile(path.join(p.dir, 'out/junit.xml'), 'utf8');
    expect(expatAccepts(xml) ?? true).toBe(true);
    const tc = findAll(parseXml(xml), 'testcase')[0]!;
    const clean = 'first ]]> then ]]> and <b>bold</b> ]]> end';
    expect(findAll(tc, 'system-out')[0]!.text).toContain(`AGENT RESPONSE [root_agent]: echo: ${clean}`);
    // Messages quote the agent's text JSON-escaped, so the control characters stay visible there.
    expect(findAll(tc, 'failure')[0]!.text).toContain(
      'got: "echo: first ]]> then ]]\\u0001> and <b>bold</b> ]]\\u000b>',
    );
  }, 30_000);
});
