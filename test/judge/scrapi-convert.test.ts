// cxas-scrapi natural-language expectations become real `judge` expectations, and `convert` writes them.
import { describe, expect, it } from 'vitest';
import { runCli, ROOT } from '../helpers/cli.js';

describe('scrapi LLM expectations', () => {
  it('convert writes them as judge expectations that validate', async () => {
    const res = await runCli(['convert', 'test/fixtures/specs/scrapi/turn_evals.yaml'], { cwd: ROOT });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/- judge:\n\s+prompt: The agent greets the caller warmly/);
    expect(res.stdout).not.toMatch(/needs an LLM judge|reported skipped/);
  });
});
