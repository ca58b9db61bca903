// `validate` imports custom matcher modules as a run does, under the config's timeoutMs: a module
// whose top level never ends is reported once that time is up, not after a fixed 30 s (and two
// such modules cost one timeout, not one each).
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempProject } from '../helpers/cli.js';

const spec = (module: string, line: number) =>
  `  - name: c${line}\n    turns: [ { event: WELCOME, expect: [ { custom: { module: ${module} } } ] } ]\n`;

describe('validate: a custom module that never finishes loading', async () => {
  const p = await tempProject({
    'cxas-eval.config.yaml': 'timeoutMs: 700\n',
    'specs/checks/loop.mjs': 'for (;;) {}\nexport default () => true;\n',
    'specs/checks/loop2.mjs': 'while (true) {}\nexport default () => true;\n',
    'specs/s.yaml': `conversations:\n${spec('./checks/loop.mjs', 1)}${spec('./checks/loop2.mjs', 2)}`,
  });
  afterAll(() => p.cleanup());

  it("is an error after the config's timeoutMs", async () => {
    const t0 = Date.now();
    const res = await runCli(['validate', 'specs'], { cwd: p.dir });
    const took = Date.now() - t0;
    expect(res.code, res.stderr).toBe(2);
    const stopped = 'could not be loaded: did not finish loading within 700 ms; its worker was stopped';
    expect(res.stderr).toMatch(
      new RegExp(`^specs/s\\.yaml:3:\\d+ custom\\.module: module specs/checks/loop\\.mjs ${stopped}$`, 'm'),
    );
    expect(res.stderr).toMatch(
      /^specs\/s\.yaml:5:\d+ custom\.module: module specs\/checks\/loop2\.mjs .* within 700 ms/m,
    );
    expect(took).toBeLessThan(10_000);
  }, 60_000);
});
