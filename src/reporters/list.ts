// `list`: a live progress line redrawn in place in a TTY; one plain line per conversation otherwise.
import { relative } from 'node:path';
import pc from 'picocolors';
import type { ConversationResult, RunResult, RunStartInfo, Verdict } from '../model/result.js';
import type { Reporter, ReporterOptions } from './types.js';
import { conversationTitle, formatDuration, statusSymbol } from './format.js';
import { REPORT_FILES } from './files.js';
import { reportersFailedAtEnd } from './multiplexer.js';
import { redactString } from './redact.js';
import { runSummaryLines } from './list-summary.js';
import { defuseCommands, escapeLineBreaks, withTextControlsEscaped } from './one-line.js';
import { retryFlakiness } from './flaky.js';

type Colors = ReturnType<typeof pc.createColors>;

export function colorStatus(colors: Colors, status: Verdict, text: string): string {
  if (status === 'passed') return colors.green(text);
  if (status === 'failed') return colors.red(text);
  if (status === 'error') return colors.magenta(text);
  return colors.yellow(text);
}

/** Why a line needs a second look: a skip's reason, or a pass that needed a retry. */
function lineNote(c: ConversationResult): string {
  if (c.status === 'skipped') return ` skipped: ${c.skipReason ?? 'no reason given'}`;
  const flaky = retryFlakiness(c);
  return flaky ? ` ${flaky}` : '';
}

export function conversationLine(c: ConversationResult): string {
  return `${statusSymbol(c.status)} ${conversationTitle(c)} (${formatDuration(c.durationMs)})${lineNote(c)}`;
}

// The live line redraws at least this often, so elapsed time moves before the first turn ends.
const TICK_MS = 1000;

class ListReporter implements Reporter {
  readonly name = 'list';
  private readonly stream: NodeJS.WritableStream;
  private readonly live: boolean;
  private readonly colors: Colors;
  private total = 0;
  private startedAt = 0;
  private readonly counts: Record<Verdict, number> = { passed: 0, failed: 0, error: 0, skipped: 0, interrupted: 0 };
  private seen = 0;
  private totalTurns = 0;
  private turnsDone = 0;
  /** Turns counted per running conversation, taken back when its attempt is discarded. */
  private readonly turnsOf = new Map<string, number>();
  private ticker: NodeJS.Timeout | undefined;
  /** Colours on: user text must lose its control characters before the reporter colours it. */
  private readonly coloured: boolean;
  /** Each conversation as shown (its text's control characters escaped), made once. */
  private readonly shownCopies = new WeakMap<ConversationResult, ConversationResult>();

  constructor(
    private readonly opts: ReporterOptions,
    private readonly now: () => number,
  ) {
    this.stream = opts.stream ?? process.stdout;
    const tty = opts.isTTY ?? (this.stream as { isTTY?: boolean }).isTTY === true;
    this.live = tty && !opts.ci;
    this.coloured = this.live && !noColor(opts.env ?? process.env);
    this.colors = pc.createColors(this.coloured);
  }

  onRunStart(info: Pick<RunStartInfo, 'total' | 'turns'>): void {
    this.total = info.total;
    this.totalTurns = info.turns ?? 0;
    this.startedAt = this.now();
    if (!this.live) return;
    this.drawProgress();
    // Ticks stop by themselves once every conversation ended, even if onRunEnd never comes (a run
    // that selected nothing under --watch), so a finished run never redraws over later output.
    this.ticker = setInterval(
      () => (this.seen >= this.total ? clearInterval(this.ticker) : this.drawProgress()),
      TICK_MS,
    );
    this.ticker.unref();
  }

  onTurnEnd(conversationId: string): void {
    this.turnsDone += 1;
    this.turnsOf.set(conversationId, (this.turnsOf.get(conversationId) ?? 0) + 1);
    if (this.live) this.drawProgress();
  }

  /** A retried attempt's turns are counted again by the next attempt: its own no longer count. */
  onAttemptDiscarded(conversationId: string): void {
    this.turnsDone -= this.turnsOf.get(conversationId) ?? 0;
    this.turnsOf.delete(conversationId);
    if (this.live) this.drawProgress();
  }

  onConversationEnd(result: ConversationResult): void {
    const c = this.shown(result);
    this.turnsOf.delete(c.id);
    this.seen += 1;
    this.counts[c.status] += 1;
    const note = lineNote(c);
    const line = this.mask(
      `${colorStatus(this.colors, c.status, statusSymbol(c.status))} ${conversationTitle(c)} ` +
        `${this.colors.dim(`(${formatDuration(c.durationMs)})`)}${note ? this.colors.yellow(note) : ''}`,
    );
    if (!this.live) return void this.stream.write(`${line}\n`);
    // In a TTY only problems (and flaky passes) stay on screen above the progress line.
    if (c.status === 'failed' || c.status === 'error' || note) this.stream.write(`\r\x1b[2K${line}\n`);
    this.drawProgress();
  }

  onRunEnd(run: RunResult): void {
    const result = this.shownRun(run);
    clearInterval(this.ticker);
    if (this.live) this.stream.write('\r\x1b[2K');
    if (this.seen === 0) for (const c of result.conversations) this.stream.write(`${this.mask(conversationLine(c))}\n`);
    const lines = [...runSummaryLines(result, this.colors), ...this.reportsLine(result)].map((l) => this.mask(l));
    this.stream.write(`${['', ...lines].join('\n')}\n`);
  }

  /**
   * With colours, what specs, agents and the judge wrote has its control characters escaped before
   * the reporter adds its colours around it (one-line.ts); without, `mask` escapes every one.
   */
  private shown(c: ConversationResult): ConversationResult {
    if (!this.coloured) return c;
    let copy = this.shownCopies.get(c);
    if (!copy) this.shownCopies.set(c, (copy = withTextControlsEscaped(c)));
    return copy;
  }

  private shownRun(result: RunResult): RunResult {
    if (!this.coloured) return result;
    const header = withTextControlsEscaped({ ...result, conversations: [] });
    return { ...header, conversations: result.conversations.map((c) => this.shown(c)) };
  }

  /**
   * Redacted, and on one line: a line break in a name or message could start a GitHub workflow
   * command, and so could a line that starts with `::` (a golden diff's line of agent text).
   */
  private mask(text: string): string {
    return defuseCommands(escapeLineBreaks(this.redacted(text), this.coloured));
  }

  private redacted(text: string): string {
    return redactString(text, this.opts.redact ?? []);
  }

  /** The report files of the run, but those whose reporter failed as it ended (the run's errors say so). */
  private reportsLine(result: RunResult): string[] {
    const failed = reportersFailedAtEnd(result.errors);
    const files = (this.opts.reporters ?? []).flatMap((n) =>
      Object.hasOwn(REPORT_FILES, n) && !failed.has(n) ? [REPORT_FILES[n as keyof typeof REPORT_FILES]] : [],
    );
    if (files.length === 0) return [];
    const dir = relative(this.opts.cwd ?? process.cwd(), this.opts.outputDir) || '.';
    return [`Reports: ${files.map((f) => `${dir}/${f}`).join(', ')}`];
  }

  /** Remaining time from the observed time per turn (per conversation when turns are unknown). */
  private eta(elapsed: number): string {
    if (this.totalTurns > 0) {
      const left = this.totalTurns - this.turnsDone;
      return this.turnsDone > 0 && left > 0 ? formatDuration((elapsed / this.turnsDone) * left) : '-';
    }
    const done = this.seen;
    return done > 0 && this.total > done ? formatDuration((elapsed / done) * (this.total - done)) : '-';
  }

  private drawProgress(): void {
    const elapsed = this.now() - this.startedAt;
    const c = this.colors;
    const turns = this.totalTurns > 0 ? ` turns ${this.turnsDone}/${this.totalTurns} ·` : '';
    const text =
      `[${this.seen}/${this.total}]${turns} ` +
      `${c.green(`${this.counts.passed} passed`)}, ${c.red(`${this.counts.failed} failed`)}, ` +
      `${c.magenta(`${this.counts.error} error`)} · elapsed ${formatDuration(elapsed)} · ETA ${this.eta(elapsed)}`;
    this.stream.write(`\r\x1b[2K${text}`);
  }
}

export function createListReporter(opts: ReporterOptions, now: () => number = Date.now): Reporter {
  return new ListReporter(opts, now);
}

/** NO_COLOR (no-color.org): present and not empty, no colours; the live progress line stays. */
function noColor(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['NO_COLOR']);
}
