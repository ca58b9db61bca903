// Types of fake-llm.mjs (a plain JS module so bench/ can use it too).
export type FakeReply = {
  delayMs?: number;
  usage?: { input?: number; output?: number };
} & (
  | { json: unknown; finishReason?: string }
  | { text: string; finishReason?: string }
  | { status: number; retryDelayMs?: number; retryVia?: 'retryInfo' | 'header'; message?: string }
  | { hang: true }
  | { finishReason: string; json?: unknown; text?: string }
  | { noCandidates: true }
  | { noFinishReason: true; json: unknown }
);

/** A scripted reply, or a function answering from the request it got. */
export type FakeAnswer = FakeReply | ((r: RecordedRequest) => FakeReply);

export interface RecordedRequest {
  shape: 'gemini' | 'vertex' | 'openai' | undefined;
  path: string;
  model?: string;
  project?: string;
  location?: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
  system: string;
  messages: Array<{ role: 'user' | 'model'; text: string }>;
  /** The non-system messages' text, joined with newlines. */
  prompt: string;
  schema?: unknown;
  temperature?: number;
  seed?: number;
}

export interface FakeLlm {
  url: string;
  openaiUrl: string;
  requests: RecordedRequest[];
  readonly maxConcurrent: number;
  on(pattern: RegExp | string | ((r: RecordedRequest) => boolean), ...replies: FakeAnswer[]): FakeLlm;
  reset(): void;
  close(): Promise<void>;
}

export function startFakeLlm(options?: { delayMs?: number }): Promise<FakeLlm>;

/** A reply function that judges with `truth` and flips exactly `flipRate` of its verdicts (fake-llm.mjs). */
export function noisyJudge(options: {
  flipRate: number;
  seed?: number;
  truth: (r: RecordedRequest) => boolean;
}): ((r: RecordedRequest) => FakeReply) & { flipped: number };

/** The judge's request document: {criterion, scope, transcript}. */
export function judgeDocument(r: RecordedRequest): {
  criterion: string;
  scope: string;
  transcript: Array<{ turn: number; events: Array<Record<string, unknown>> }>;
};
