// What `chat --record FILE` and `/save NAME` keep of a session: each turn's input and its whole
// result (every round of client tool answers), and how client tools were answered; written as a
// spec conversation by src/runner's record module (README "Recording from chat").
import * as path from 'node:path';
import type { JsonObject } from '../model/json.js';
import type { TurnInputSpec } from '../model/spec.js';
import type { ToolCall, TurnResult } from '../model/turn.js';
import { recordedNative, writeRecorded, type Recording, type RecordedTurn, type ToolAnswer } from '../runner/index.js';
import { CliError } from './exit-codes.js';
import { Redactor, redactPatterns } from '../model/redact.js';

/** Where `/save` writes without `--record`. */
const DEFAULT_RECORD_FILE = 'recorded.yaml';

export interface RecorderOptions {
  /** `--record FILE`: the session is written there when the chat ends or is reset. */
  file?: string;
  /** What the chat talks to, named in the comment above each recorded conversation. */
  target: string;
  useToolFakes?: boolean;
  deploymentId?: string;
  /** The config's `redact:` patterns: what is written is masked with them, as `import conversations` does. */
  redact?: readonly string[];
}

export class ChatRecorder {
  private turns: RecordedTurn[] = [];
  private answers: ToolAnswer[] = [];
  private saved = 0;
  private startedAt = new Date();

  constructor(private readonly opts: RecorderOptions) {}

  turn(input: TurnInputSpec, result: TurnResult): void {
    this.turns.push({ input, result });
  }

  answer(call: ToolCall, response: JsonObject): void {
    this.answers.push({ call, response });
  }

  /** A new session: nothing recorded yet. */
  reset(): void {
    this.turns = [];
    this.answers = [];
    this.saved = 0;
    this.startedAt = new Date();
  }

  /** `/save NAME`: the session so far, to the --record file (else recorded.yaml). Returns what to print. */
  async save(name: string): Promise<string> {
    if (this.turns.length === 0) throw new CliError('/save: nothing to save yet (no turn in this session)');
    return this.write(name, this.opts.file ?? DEFAULT_RECORD_FILE);
  }

  /** With --record, at the end of the chat or a /reset: the session, unless nothing happened since the last save. */
  async flush(): Promise<string | undefined> {
    if (!this.opts.file || this.turns.length === this.saved) return undefined;
    return this.write(`chat ${this.startedAt.toISOString().slice(0, 19).replace('T', ' ')}`, this.opts.file);
  }

  private async write(name: string, file: string): Promise<string> {
    const redactor = new Redactor(redactPatterns(this.opts.redact));
    // Masked before anything is generated from it: inputs, results, tool answers and the name alike.
    const recording: Recording = redactor.model({
      name,
      turns: this.turns,
      toolAnswers: this.answers,
      ...(this.opts.useToolFakes ? { useToolFakes: true } : {}),
      ...(this.opts.deploymentId ? { deploymentId: this.opts.deploymentId } : {}),
    });
    const conversation = recordedNative(recording, 'strict', {
      cwd: process.cwd(),
      outDir: path.dirname(path.resolve(file)),
    });
    const comment = [
      `recorded by \`cxas-eval chat\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
        `from ${redactor.text(this.opts.target)}`,
      'expectations generated from what happened (# generated): review them, keep what matters',
    ];
    let written: Awaited<ReturnType<typeof writeRecorded>>;
    try {
      const session = {
        useToolFakes: this.opts.useToolFakes === true,
        ...(this.opts.deploymentId ? { deploymentId: this.opts.deploymentId } : {}),
      };
      written = await writeRecorded(file, [{ conversation, comment }], { session });
    } catch (err) {
      throw new CliError(`/save: ${(err as Error).message}`);
    }
    this.saved = this.turns.length;
    const expectations = (conversation['turns'] as JsonObject[]).reduce(
      (n, t) => n + (Array.isArray(t['expect']) ? t['expect'].length : 0),
      0,
    );
    const counts = `${plural(this.turns.length, 'turn')}, ${plural(expectations, 'expectation')}`;
    return [`saved "${written.names[0]}" (${counts}) to ${file}`, ...written.warnings].join('\n');
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
