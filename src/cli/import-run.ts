// The work of `cxas-eval import conversations`: the config (app, endpoint, credentials, redact,
// goldensDir, timeoutMs), the conversations listed (start-time filter on the server, the rest here)
// under one deadline and Ctrl-C, then src/runner's importConversations writes them; one summary
// line, then what was left out and why.
import * as path from 'node:path';
import { CesError, Sessions, type Conversation, type ConversationSource } from '../client/index.js';
import { Redactor, redactPatterns } from '../model/redact.js';
import {
  goldensFolderProblem,
  importConversations,
  loadConfig,
  projectRoots,
  type ImportReport,
} from '../runner/index.js';
import { describeChatError } from './chat-errors.js';
import { cesSessions } from './chat-target.js';
import { CliError, EXIT, exitCodeFor } from './exit-codes.js';
import type { ImportFlags } from './import.js';
import { abortOnSignal, signalName } from './interrupt.js';
import { choiceOption, intOption } from './option-values.js';

interface ListedOptions {
  filter: string;
  sources: ConversationSource[];
  endpoint: string | undefined;
  timeoutMs: number;
}

const SOURCE_WORDS = ['live', 'eval', 'simulator', 'agent-tool'] as const;

/**
 * --source: Conversation.Source values by their CLI words. Named on every listing: CES lists live
 * conversations only without one, and evaluation replays are no live traffic unless asked for.
 */
function sourcesOption(value: string): ConversationSource[] {
  const words = value.split(',').map((w) => choiceOption('--source', w.trim(), SOURCE_WORDS));
  return [...new Set(words)].map((w) => w.toUpperCase().replace('-', '_') as ConversationSource);
}

/** The import's deadline (listing and fetching together) when the config sets no `timeoutMs`. */
const DEFAULT_TIMEOUT_MS = 30_000;

export async function importCommand(flags: ImportFlags): Promise<number> {
  const as = choiceOption('--as', flags.as, ['specs', 'goldens'] as const);
  const limit = intOption('--limit', flags.limit, 1);
  const filter = startTimeFilter(flags.since, flags.until);
  const sources = sourcesOption(flags.source);
  const cwd = process.cwd();
  const loaded = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  const { config, errors } = loaded;
  if (errors.length) throw new CliError(errors.map((e) => e.message).join('\n'), EXIT.usage);
  const goldensDir = flags.goldens ?? config.goldensDir ?? 'goldens';
  const roots = projectRoots(loaded, cwd);
  // Goldens are written only inside the project, as `run --update-goldens` writes them.
  const outside = as === 'goldens' && goldensFolderProblem(path.resolve(cwd, goldensDir), roots, cwd);
  if (outside) throw new CliError(outside, EXIT.usage);
  const app = flags.app ?? config.app ?? process.env['CXAS_APP'];
  if (!app) throw new CliError('import needs an app: pass --app, set `app:` in the config or CXAS_APP', EXIT.usage);
  const endpoint = flags.endpoint ?? config.endpoint;
  const keyFile = flags.keyFile ?? config.credentials?.keyFile;
  const sessions = cesSessions(app, endpoint, flags.insecure ?? config.insecure, keyFile);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const { conversations, clientTools } = await listed(sessions, { filter, sources, endpoint, timeoutMs });
    // --limit counts what --filter keeps, so importConversations applies both, in that order.
    const report = await importConversations(conversations, {
      outDir: path.resolve(cwd, flags.outDir),
      cwd,
      match: flags.strict ? 'strict' : 'lenient',
      as,
      goldensDir,
      roots,
      redactor: new Redactor(redactPatterns(config.redact)),
      clientTools,
      ...(flags.filter !== undefined ? { filterText: flags.filter } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    process.stdout.write(summary(report, conversations.length - report.pastLimit, conversations.length, flags.outDir));
    return EXIT.ok;
  } finally {
    sessions.close();
  }
}

/**
 * Every conversation in the time window, each with its turns (a listing may hold only summaries).
 * `timeoutMs` bounds it all, the listing and the fetches (one deadline, each call gets what is
 * left); SIGINT, SIGTERM or SIGHUP cancels the calls in flight and ends the command.
 */
async function listed(
  sessions: Sessions,
  { filter, sources, endpoint, timeoutMs }: ListedOptions,
): Promise<{ conversations: Conversation[]; clientTools: ReadonlySet<string> }> {
  const deadline = performance.now() + timeoutMs;
  const interrupt = abortOnSignal();
  const call = (what: string): { signal: AbortSignal; timeoutMs: number } => {
    const left = deadline - performance.now();
    if (left <= 0) throw new CesError('DEADLINE_EXCEEDED', `${what}: no time left`);
    return { signal: interrupt.signal, timeoutMs: left };
  };
  try {
    const fetched = async () => {
      const list = await sessions.listConversations({
        ...(filter ? { filter } : {}),
        sources,
        ...call('ListConversations'),
      });
      return Promise.all(
        list.map((c) =>
          c.turns?.length || !c.name ? c : sessions.getConversation(c.name, call(`GetConversation ${c.name}`)),
        ),
      );
    };
    const [conversations, clientTools] = await Promise.all([fetched(), clientToolsOf(sessions, call('ListTools'))]);
    return { conversations, clientTools };
  } catch (err) {
    const signal = interrupt.received;
    if (signal)
      throw new CliError(`${signalName(signal)} while listing conversations; nothing was written`, exitCodeFor(signal));
    if (err instanceof CesError && err.code === 'DEADLINE_EXCEEDED')
      throw new CliError(
        `error [DEADLINE_EXCEEDED]: the conversations were not listed within ${timeoutMs} ms (the import's ` +
          `deadline: timeoutMs in the config, default ${DEFAULT_TIMEOUT_MS}); nothing was written: ${err.message}`,
        EXIT.failed,
      );
    if (err instanceof CesError)
      throw new CliError(describeChatError(err, endpoint ?? 'ces.googleapis.com:443'), EXIT.failed);
    throw err;
  } finally {
    interrupt.dispose();
  }
}

/**
 * The app's client tools, whose answers a run of an imported spec gives (toolFakes), mocked ones
 * included. An app whose tools cannot be listed (no permission) is still imported, with a warning:
 * only the answers the client sent are then known to be a client tool's.
 */
async function clientToolsOf(sessions: Sessions, call: { signal: AbortSignal; timeoutMs: number }) {
  try {
    const inventory = await sessions.getAppInventory(call);
    return new Set(inventory.tools.filter((t) => t.origin === 'client').map((t) => t.id));
  } catch (err) {
    if (!(err instanceof CesError) || err.code === 'DEADLINE_EXCEEDED' || err.code === 'CANCELLED') throw err;
    process.stderr.write(
      `warning: the app's tools could not be listed (${err.code}): answers the platform mocked for client ` +
        `tools are not turned into toolFakes\n`,
    );
    return new Set<string>();
  }
}

/** AIP-160 on start_time, which CES (and the emulator) filter on the server. */
function startTimeFilter(since: string | undefined, until: string | undefined): string {
  const from = since === undefined ? undefined : isoDate('--since', since);
  const to = until === undefined ? undefined : isoDate('--until', until);
  // An empty window would import nothing and exit 0, as if the app had no conversations.
  if (from !== undefined && to !== undefined && from >= to)
    throw new CliError(`--since (${since}) must be before --until (${until}): no conversation can match`, EXIT.usage);
  const terms: string[] = [];
  if (from !== undefined) terms.push(`start_time >= "${from}"`);
  if (to !== undefined) terms.push(`start_time < "${to}"`);
  return terms.join(' AND ');
}

function isoDate(flag: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !calendarDateExists(value))
    throw new CliError(`${flag} must be a date such as 2026-12-01 or 2026-12-01T09:00:00Z, got "${value}"`, EXIT.usage);
  return new Date(ms).toISOString();
}

/**
 * Date.parse rolls an impossible day over (2026-02-30 is March 2nd): the year, month and day
 * written must be a day of the calendar.
 */
function calendarDateExists(value: string): boolean {
  const ymd = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!ymd) return true;
  const [year, month, day] = ymd.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function summary(r: ImportReport, selected: number, listedCount: number, outDir: string): string {
  const parts = [
    `${r.written.length} written`,
    ...(r.duplicates ? [`${r.duplicates} with the same inputs as another`] : []),
    ...(r.kept.length ? [`${r.kept.length} already there (kept)`] : []),
    ...(r.filteredOut ? [`${r.filteredOut} not matching --filter`] : []),
    ...(r.skipped.length ? [`${r.skipped.length} not importable`] : []),
  ];
  const of = selected < listedCount ? ` of ${listedCount}` : '';
  const counted = `${selected}${of} conversation${listedCount === 1 ? '' : 's'}`;
  const lines = [`imported ${counted} to ${outDir}: ${parts.join(', ')}`];
  for (const s of r.skipped) lines.push(`  skipped ${s.conversation}: ${s.reason}`);
  return `${lines.join('\n')}\n`;
}
