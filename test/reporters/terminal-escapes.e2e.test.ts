// Control characters in spec names and agent text are shown escaped on the console, never sent to the
// terminal (issue 32): an escape sequence could recolour, clear the screen or retitle the window.
import { afterAll, describe, expect, it } from 'vitest';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from '../runner/apps.js';

describe('console output escapes control characters', async () => {
  const p = await tempProject({
    'app.yaml': echoApp(),
    // YAML "\e" is ESC, "\a" BEL, "\u202e" a right-to-left override.
    'specs/evil.yaml': `conversations:
  - name: "title \\e]0;pwned\\a clear \\e[2J rtl \\u202e"
    turns:
      - user: "\\e[31mred\\e[0m"
        expect: [ { text: { contains: nothing } } ]
`,
  });
  afterAll(() => p.cleanup());

  it('in names and in agent text quoted by failures', async () => {
    const res = await runCli(runArgs({ app: 'app.yaml', reporter: 'list' }), { cwd: p.dir });
    expect(res.code, res.stderr).toBe(1);
    const out = res.stdout + res.stderr;
    expect(out).toContain('title \\u001b]0;pwned\\u0007 clear \\u001b[2J rtl \\u202e');
    expect(out).toContain('\\u001b[31mred\\u001b[0m');
    for (const raw of ['\u001b', '\u0007', '\u202e']) expect(out).not.toContain(raw);
  }, 30_000);
});
