// The work of `cxas-eval coverage`, loaded only when the command runs. The inventory comes from, in
// order: --emulator (the app file, read without a server), --app (listed live through AgentService),
// the inventory stored in the run's coverage block, else the run's own app listed live where the run
// reached it (its recorded endpoint and API version, unless --endpoint, --api-version or the config say).
import { loadConfig } from '../runner/index.js';
import { coverageDetailLines, coverageLine } from '../reporters/index.js';
import type { CoverageBlock } from '../model/coverage.js';
import { computeCoverage, isCoverageUnavailable } from '../model/coverage.js';
import type { AppInventory } from '../model/inventory.js';
import type { RunResult } from '../model/result.js';
import { CliError, EXIT } from './exit-codes.js';
import { invalidAppError } from './app-file-errors.js';
import { gateCoverage, minimumsOf } from '../library/index.js';
import { choiceOption } from './option-values.js';
import type { CoverageFlags } from './coverage.js';
import { historyDirOf, resolveRunArgument } from '../library/index.js';

async function fromEmulatorFile(file: string): Promise<AppInventory> {
  const { loadAppDefinition, appInventory } = await import('../emulator/definition.js');
  // As given: its problems are located in the file the user named.
  const app = await loadAppDefinition(file).catch((err: unknown) => {
    throw invalidAppError(err) ?? err;
  });
  return appInventory(app);
}

interface LiveTarget {
  app: string;
  endpoint?: string;
  insecure: boolean;
  apiVersion: 'v1' | 'v1beta';
  keyFile?: string;
}

async function fromAgentService(target: LiveTarget): Promise<AppInventory> {
  const { Sessions } = await import('../client/index.js');
  const sessions = new Sessions({
    appName: target.app,
    apiVersion: target.apiVersion,
    insecure: target.insecure,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.keyFile ? { credentials: { keyFile: target.keyFile } } : {}),
  });
  try {
    return await sessions.getAppInventory({ timeoutMs: 30_000 });
  } finally {
    sessions.close();
  }
}

type GivenTarget = Omit<LiveTarget, 'app' | 'apiVersion'> & { apiVersion: LiveTarget['apiVersion'] | undefined };

async function coverageFor(run: RunResult, flags: CoverageFlags, live: GivenTarget): Promise<CoverageBlock> {
  if (flags.emulator && flags.app) throw new CliError('coverage: give --app or --emulator, not both');
  if (flags.emulator) return computeCoverage(await fromEmulatorFile(flags.emulator), run.conversations);
  const stored = run.coverage && !isCoverageUnavailable(run.coverage) ? run.coverage.inventory : undefined;
  const app = flags.app ?? (stored ? undefined : run.target.emulator ? undefined : run.target.app);
  if (!app && stored) return computeCoverage(stored, run.conversations);
  if (!app)
    throw new CliError(
      'coverage: the run was served by the emulator and stores no inventory: name its app file with --emulator',
    );
  // The run's own app is listed where the run reached it, unless a flag or the config says where.
  const where = flags.app ? { ...live, apiVersion: live.apiVersion ?? 'v1' } : withRecordedTarget(live, run);
  try {
    return computeCoverage(await fromAgentService({ app, ...where }), run.conversations);
  } catch (err) {
    return { app, unavailable: `the app's inventory could not be listed: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** Where the run reached its app (its `target`), for what the flags and the config leave unsaid. */
function withRecordedTarget(live: GivenTarget, run: RunResult): Omit<LiveTarget, 'app'> {
  const endpoint = live.endpoint ?? run.target.endpoint;
  return { ...live, apiVersion: live.apiVersion ?? run.target.apiVersion, ...(endpoint ? { endpoint } : {}) };
}

export async function coverageCommand(runArg: string, flags: CoverageFlags): Promise<number> {
  const cwd = process.cwd();
  const { config, errors } = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  if (errors.length) throw new CliError(errors.map((e) => e.message).join('\n'));
  const min = minimumsOf(flags.minCoverage, config.coverage?.min);
  // `@latest` and run ids name runs in the history of this config (`-c`), as in every command.
  const { result: run } = await resolveRunArgument(runArg, { cwd, historyDir: historyDirOf(config, cwd) });
  const given = flags.apiVersion ?? config.apiVersion;
  const apiVersion = given === undefined ? undefined : choiceOption('--api-version', given, ['v1', 'v1beta'] as const);
  const endpoint = flags.endpoint ?? config.endpoint;
  const block = await coverageFor(run, flags, {
    apiVersion,
    insecure: flags.insecure ?? config.insecure ?? false,
    ...(endpoint ? { endpoint } : {}),
    ...(config.credentials?.keyFile ? { keyFile: config.credentials.keyFile } : {}),
  });
  if (isCoverageUnavailable(block)) {
    process.stderr.write(`cxas-eval: warning: coverage not computed: ${block.unavailable}\n`);
    return EXIT.failed;
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(block, null, 2)}\n`);
  else process.stdout.write([coverageLine(block), ...coverageDetailLines(block)].join('\n') + '\n');
  return gateCoverage(block, min);
}
