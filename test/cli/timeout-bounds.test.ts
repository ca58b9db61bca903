// Timeouts past 2^31 - 1 ms: Node's timers fire at once past it and grpc-js throws on deadlines far
// ahead (uncaught: the run crashed without reports). Every way a timeout comes in refuses them.
import { describe, expect, it } from 'vitest';
import { runDeadline } from '../../src/client/execute.js';
import { durationOption } from '../../src/cli/platform-command.js';
import { runCli, tempProject } from '../helpers/cli.js';

describe('timeout bounds', () => {
  it('run --timeout, a spec timeoutMs and a custom matcher timeoutMs are refused past 2147483647 ms', async () => {
    const project = await tempProject({
      'big.yaml': `conversations:
  - name: big
    timeoutMs: 1000000000000000
    turns:
      - user: hello
        timeoutMs: 2147483648
        expect: [{ custom: { module: ./m.mjs, timeoutMs: 2147483648 } }]
`,
      'm.mjs': 'export default () => true;\n',
    });
    try {
      const flag = await runCli(['run', 'big.yaml', '--timeout', '1000000000000000'], { cwd: project.dir });
      expect(flag.code).toBe(2);
      expect(flag.stderr).toContain('--timeout must be a whole number from 1 to 2147483647, got "1000000000000000"');
      const validate = await runCli(['validate', 'big.yaml'], { cwd: project.dir });
      expect(validate.code).toBe(2);
      expect(validate.stdout + validate.stderr).toContain(
        'big.yaml:3:16 conversations[0].timeoutMs: must be <= 2147483647',
      );
      expect(validate.stdout + validate.stderr).toContain('big.yaml:6:20 conversations[0].turns[0].timeoutMs');
      expect(validate.stdout + validate.stderr).toMatch(/big\.yaml:7:\d+ .*custom\.timeoutMs: must be <= 2147483647/);
    } finally {
      await project.cleanup();
    }
  });

  it("the client's own deadline and the platform's --timeout durations too", () => {
    expect(() => runDeadline(Infinity)).toThrow('timeoutMs must be a positive number of ms up to 2147483647');
    expect(runDeadline(2_147_483_647)).toBeGreaterThan(0);
    expect(() => durationOption('--timeout', '1000000h', 1)).toThrow('--timeout must be at most 2147483647 ms');
    expect(durationOption('--timeout', '15m', 1)).toBe(900_000);
  });
});
