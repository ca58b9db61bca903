// validate-1000: 1,000 generated spec files validated in-process (loadSpecs) and through the CLI
// (`node dist/bin/cxas-eval.js validate <dir>`). Target: under 2 s each. Run after `npm run build`.
// Every file carries this run's nonce, so the CLI's parsed-YAML cache (src/validation/parse-cache.ts)
// holds none of them: the CLI figure is that of files it has never seen, as on a fresh CI machine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpecs } from '../dist/runner/load/index.js';

const FILES = 1000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A realistic file: defaults, two conversations, several input kinds and matchers, operators. */
const nonce = `${process.pid}-${Date.now()}`;

function specText(i) {
  return `# yaml-language-server: $schema=../schemas/spec.schema.json
# bench run ${nonce}
defaults: { useToolFakes: true, tags: [bench], variables: { tier: gold } }
conversations:
  - name: balance ${i}
    tags: [p0]
    repeat: 2
    passRate: 0.5
    turns:
      - event: WELCOME
        variables: { caller_id: "+1555000${i}" }
        expect:
          - text: { contains: Welcome }
          - noToolCalls: true
      - user: what is my balance for account ${i}?
        expect:
          - toolCall: { name: lookup_account, args: { account_id: { $regex: "^ACC-\\\\d+$" } } }
          - text: { matches: "/balance is \\\\$\\\\d+/i" }
          - not: { transfer: billing_agent }
          - latency: { maxMs: 5000 }
    expect:
      - toolSequence: { tools: [lookup_account], mode: inOrder }
  - name: transfer ${i}
    history: [{ user: hi }, { agent: hello, name: root_agent }]
    turns:
      - dtmf: "1234#"
      - user: human please
        expect: [{ transfer: { to: billing_agent } }, { variables: { authenticated: true } }]
`;
}

const dir = process.env.VALIDATE_DIR ?? mkdtempSync(path.join(tmpdir(), 'cxas-validate-1000-'));
try {
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(dir, `spec-${String(i).padStart(4, '0')}.yaml`), specText(i));

  const t0 = performance.now();
  const { files, errors } = await loadSpecs([dir], { cwd: dir });
  const inProcess = performance.now() - t0;
  if (errors.length || files.length !== FILES)
    throw new Error(
      `in-process validation failed: ${files.length} files, ${errors.length} errors; first: ${errors[0]?.message}`,
    );

  const t1 = performance.now();
  const cli = spawnSync(process.execPath, [path.join(root, 'dist/bin/cxas-eval.js'), 'validate', dir], {
    cwd: dir,
    encoding: 'utf8',
  });
  const viaCli = performance.now() - t1;
  if (cli.status !== 0) throw new Error(`CLI validation failed (exit ${cli.status}): ${cli.stderr.slice(0, 500)}`);

  process.stdout.write(
    `validate-1000: ${Math.round(inProcess)} ms in-process, ${Math.round(viaCli)} ms CLI ` +
      `for ${FILES} files (target < 2000 ms)\n`,
  );
} finally {
  if (!process.env.VALIDATE_DIR) rmSync(dir, { recursive: true, force: true });
}
