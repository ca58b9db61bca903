// The work of `cxas-eval import conversations`: the config (app, endpoint, credentials, redact,
// goldensDir), the conversations listed (start-time filter on the server, the rest here), then
// src/runner's importConversations writes them; one summary line, then what was left out and why.
import * as path from 'node:path';
import { CesError, Sessions, type Conversation } from '../client/index.js';
import { Redactor, redactPatterns } from '../model/redact.js';
import { importConversations, loadConfig, type ImportReport } from '../runner/index.js';
import { describeChatError } from './chat-errors.js';
import { cesSessions } from './chat-target.js';
import { CliError, EXIT } from './exit-codes.js';
import type { ImportFlags } from './import.js';
import { choiceOption, intOption } from './option-values.js';

export async function importCommand(flags: ImportFlags): Promise<number> {
  const as = choiceOption('--as', flags.as, ['specs', 'goldens'] as const);
  const limit = intOption('--limit', flags.limit, 1);
  const filter = startTimeFilter(flags.since, flags.until);
  const cwd = process.cwd();
  const { config, errors } = await loadConfig({ cwd, ...(flags.config ? { file: flags.config } : {}) });
  if (errors.length) throw new CliError(errors.map((e) => e.message).join('\n'), EXIT.usage);
  const app = flags.app ?? config.app ?? process.env['CXAS_APP'];
  if (!app) throw new CliError('import needs an app: pass --app, set `app:` in the config or CXAS_APP', EXIT.usage);
  const endpoint = flags.endpoint ?? config.endpoint;
  const keyFile = flags.keyFile ?? config.credentials?.keyFile;
  const sessions = cesSessions(app, endpoint, flags.insecure ?? config.insecure, keyFile);
  try {
    const conversations = await listed(sessions, filter, endpoint);
    // --limit counts what --filter keeps, so importConversations applies both, in that order.
    const report = await importConversations(conversations, {
      outDir: path.resolve(cwd, flags.outDir),
      cwd,
      match: flags.strict ? 'strict' : 'lenient',
      as,
      goldensDir: flags.goldens ?? config.goldensDir ?? 'goldens',
      redactor: new Redactor(redactPatterns(config.redact)),
      ...(flags.filter !== undefined ? { filterText: flags.filter } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    process.stdout.write(summary(report, conversations.length - report.pastLimit, conversations.length, flags.outDir));
    return EXIT.ok;
  } finally {
    sessions.close();
  }
}

/** Every conversation in the time window, each with its turns (a listing may hold only summaries). */
async function listed(sessions: Sessions, filter: string, endpoint: string | undefined): Promise<Conversation[]> {
  try {
    const list = await sessions.listConversations(filter ? { filter } : {});
    return await Promise.all(list.map((c) => (c.turns?.length || !c.name ? c : sessions.getConversation(c.name))));
  } catch (err) {
    if (err instanceof CesError)
      throw new CliError(describeChatError(err, endpoint ?? 'ces.googleapis.com:443'), EXIT.failed);
    throw err;
  }
}

/** AIP-160 on start_time, which CES (and the emulator) filter on the server. */
function startTimeFilter(since: string | undefined, until: string | undefined): string {
  const terms: string[] = [];
  if (since !== undefined) terms.push(`start_time >= "${isoDate('--since', since)}"`);
  if (until !== undefined) terms.push(`start_time < "${isoDate('--until', until)}"`);
  return terms.join(' AND ');
}

function isoDate(flag: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new CliError(`${flag} must be a date such as 2026-12-01 or 2026-12-01T09:00:00Z, got "${value}"`, EXIT.usage);
  return new Date(ms).toISOString();
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
