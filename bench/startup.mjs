// startup: whole-process cost of the commands users start again and again, as ratios to
// `cxas-eval --version` (node's own start-up plus the CLI's entry). Targets (issue 33): the demo
// run against the in-process emulator ≤ 2.5 × --version, `validate specs/demo` ≤ 1.5 ×.
// The commands run in turn, round after round, so a burst of load from other processes
// hits all alike; the medians of many rounds are compared. Run after `npm run build`. The
// unmeasured first round also fills the CLI's compile cache (src/cli/compile-cache.ts) and its
// parsed-YAML cache (src/validation/parse-cache.ts), as any earlier start of the same command over
// the same files would: the rounds measure starts after the first. Both caches are the bench's own
// (TMPDIR is a directory of its own), so what ran before (a test suite, another build) cannot
// change what it measures.
// STARTUP_ROUNDS sets the rounds (default 15); STARTUP_CLI another built CLI (e.g. a copy of an
// older dist/, to compare before and after on the same minute). It also times loading each
// command's code without doing its work, which splits each command's cost in two: what its code
// costs to load and what its work takes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.resolve(root, process.env.STARTUP_CLI ?? 'dist/bin/cxas-eval.js');
const rounds = Number(process.env.STARTUP_ROUNDS ?? 15);
const outputDir = mkdtempSync(path.join(tmpdir(), 'cxas-bench-startup-'));
const cacheTmp = path.join(outputDir, 'tmp');
mkdirSync(cacheTmp, { mode: 0o700 });
const env = { ...process.env, TMPDIR: cacheTmp, NODE_COMPILE_CACHE: undefined };
// GNU time, when installed, also gives each process's CPU time (less sensitive to a busy machine).
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

// `node` is Node's own start (no CLI): printed, not in a ratio, to show what is left to the CLI.
// `run-code` and `validate-code` load the files the command loaded and do nothing else
// (lib/load-only.mjs): what the command's code costs to load, apart from its work.
const cliCommands = {
  version: ['--version'],
  run: ['run', 'specs/demo/support.yaml', '--emulator', 'specs/demo/app.yaml', '--no-judge', '--output-dir', outputDir],
  validate: ['validate', 'specs/demo'],
};
const loadOnly = (name) => [path.join(root, 'bench/lib/load-only.mjs'), cli, `load-${name}`, loadedList(name)];
const commands = {
  node: ['-e', '0'],
  ...Object.fromEntries(Object.entries(cliCommands).map(([name, args]) => [name, [cli, ...args]])),
  'run-code': loadOnly('run'),
  'validate-code': loadOnly('validate'),
};

/** The files the command had in Node's module cache at exit, in load order (lib/list-modules.mjs). */
function loadedList(name) {
  const list = path.join(outputDir, `loaded-${name}.txt`);
  const preload = path.join(root, 'bench/lib/list-modules.mjs');
  const child = spawnSync(process.execPath, ['--import', preload, cli, ...cliCommands[name]], {
    cwd: root,
    encoding: 'utf8',
    env: { ...env, LOADED_LIST: list },
  });
  if (child.status !== 0) throw new Error(`${name} failed (exit ${child.status}): ${child.stderr.slice(-500)}`);
  return list;
}

/** One process: wall ms (and CPU ms when GNU time is there); a failing command stops the bench. */
function measure(name) {
  const args = commands[name];
  const t0 = performance.now();
  const child = gnuTime
    ? spawnSync(gnuTime, ['-f', 'cpu %U %S', process.execPath, ...args], { cwd: root, encoding: 'utf8', env })
    : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env });
  const wall = performance.now() - t0;
  if (child.status !== 0)
    throw new Error(`${name} failed (exit ${child.status}): ${child.stderr.slice(-500) || child.stdout.slice(-500)}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(child.stderr);
  return { wall, cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

try {
  for (const name of Object.keys(commands)) measure(name); // warm the file cache, unmeasured
  const samples = Object.fromEntries(Object.keys(commands).map((n) => [n, { wall: [], cpu: [] }]));
  for (let i = 0; i < rounds; i++) {
    for (const name of Object.keys(commands)) {
      const { wall, cpu } = measure(name);
      samples[name].wall.push(wall);
      if (cpu !== undefined) samples[name].cpu.push(cpu);
    }
  }
  const med = (name, kind) => median(samples[name][kind]);
  const ms = (x) => `${Math.round(x)} ms`;
  for (const name of Object.keys(commands)) {
    const cpu = samples[name].cpu.length ? `, CPU ${ms(med(name, 'cpu'))}` : '';
    process.stdout.write(`  ${name.padEnd(13)} wall ${ms(med(name, 'wall'))}${cpu} (median of ${rounds})\n`);
  }
  const ratio = (name, kind) => (med(name, kind) / med('version', kind)).toFixed(2);
  const cpuRatio = (name) => (samples[name].cpu.length ? `, CPU ${ratio(name, 'cpu')}` : '');
  const beyond = (name) => ms(med(name, 'wall') - med('node', 'wall'));
  process.stdout.write(
    `  beyond Node's own start (${ms(med('node', 'wall'))}): --version ${beyond('version')}, ` +
      `run ${beyond('run')}, validate ${beyond('validate')}\n`,
  );
  const code = (name) => `${ms(med(`${name}-code`, 'wall'))} (${ratio(`${name}-code`, 'wall')}×)`;
  const work = (name) => ms(med(name, 'wall') - med(`${name}-code`, 'wall'));
  process.stdout.write(
    `  loading the command's code alone: run ${code('run')}, validate ${code('validate')}; ` +
      `its work beyond that: run ${work('run')}, validate ${work('validate')}\n`,
  );
  // Each round's own ratio (its commands ran within the same second): how far the headline moves
  // with the machine's load. A target is met with margin only when the upper quartile meets it too.
  const spread = (name) => {
    const perRound = samples[name].wall.map((wall, i) => wall / samples.version.wall[i]).sort((a, b) => a - b);
    const at = (q) => perRound[Math.round(q * (perRound.length - 1))].toFixed(2);
    return `${at(0.25)}–${at(0.75)}`;
  };
  process.stdout.write(
    `  the ratio round by round, quartiles: run/--version ${spread('run')}, validate/--version ${spread('validate')}\n`,
  );
  process.stdout.write(
    `startup: run/--version ${ratio('run', 'wall')} (target ≤ 2.5${cpuRatio('run')}), ` +
      `validate/--version ${ratio('validate', 'wall')} (target ≤ 1.5${cpuRatio('validate')}); ` +
      `--version ${ms(med('version', 'wall'))}, medians of ${rounds} alternating rounds\n`,
  );
} finally {
  rmSync(outputDir, { recursive: true, force: true });
}
