// Runs tool tests concurrently: each calls ToolService.ExecuteTool once and checks the response
// (and returned variables). A call that fails, or a tool that cannot be found, is `error`, never
// `failed`: nothing was evaluated. Results are ConversationResults, so every reporter shows them.
import pLimit from 'p-limit';
import type { JsonObject } from '../../model/json.js';
import type { AssertionResult, ConversationResult, ErrorInfo, Verdict } from '../../model/result.js';
import type { ToolTestSpec } from '../../model/spec.js';
import type { PlatformClient } from '../grpc.js';
import { runCheck } from './checks.js';
import { ToolDirectory } from './tools.js';

export interface ToolTestHooks {
  /**
   * Asked right before each test would start (the run stopped: interrupted, --max-failures): a
   * status and reason, and the test is not started but reported so, as the runner reports a
   * conversation it did not start; the other hooks are not called for it.
   */
  notStarted?(): { status: 'interrupted' | 'skipped'; reason: string } | undefined;
  onStart?(test: ToolTestSpec, id: string): void;
  onEnd?(result: ConversationResult): void | Promise<void>;
}

export interface ToolTestOptions {
  client: PlatformClient;
  concurrency: number;
  hooks?: ToolTestHooks;
}

export async function runToolTests(
  tests: readonly ToolTestSpec[],
  opts: ToolTestOptions,
): Promise<ConversationResult[]> {
  const directory = new ToolDirectory(opts.client);
  const limit = pLimit(Math.max(1, opts.concurrency));
  return Promise.all(
    tests.map((t) =>
      limit(async () => {
        const stop = opts.hooks?.notStarted?.();
        if (stop) return notStarted(t, stop);
        opts.hooks?.onStart?.(t, resultId(t));
        const result = await runOne(t, opts.client, directory);
        await opts.hooks?.onEnd?.(result);
        return result;
      }),
    ),
  );
}

const resultId = (t: ToolTestSpec): string => `${t.id}#0`;

async function runOne(
  test: ToolTestSpec,
  client: PlatformClient,
  directory: ToolDirectory,
): Promise<ConversationResult> {
  const startedAt = new Date();
  const started = performance.now();
  const base = shell(test, startedAt);
  if (test.skip) return { ...base, status: 'skipped', skipReason: test.skip };
  let response: JsonObject;
  try {
    const tool = await directory.resolve(test.tool);
    response = await client.call(
      'ToolService',
      'ExecuteTool',
      {
        parent: client.app,
        tool,
        args: test.args,
        ...(test.context ? { context: test.context } : test.variables ? { variables: test.variables } : {}),
      },
      'parent',
    );
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return finish(base, started, [], { code: e.code ?? 'TOOL_CALL_FAILED', message: e.message ?? String(err) });
  }
  const assertions: AssertionResult[] = [
    ...test.expectResponse.map((c) =>
      runCheck(c, (response['response'] as JsonObject | undefined) ?? {}, 'toolResponse'),
    ),
    ...test.expectVariables.map((c) =>
      runCheck(c, (response['variables'] as JsonObject | undefined) ?? {}, 'toolVariables'),
    ),
  ];
  if (assertions.length === 0) {
    return finish(base, started, [], {
      code: 'NO_EXPECTATIONS',
      message: `tool test "${test.name}" checks nothing: add expect.response or expect.variables`,
    });
  }
  return finish(base, started, assertions);
}

/** A test the run did not start: skipped with the reason, or interrupted with it as the error. */
function notStarted(
  test: ToolTestSpec,
  { status, reason }: { status: 'interrupted' | 'skipped'; reason: string },
): ConversationResult {
  const base = shell(test, new Date());
  return status === 'skipped'
    ? { ...base, status, skipReason: reason }
    : { ...base, status, error: { code: 'INTERRUPTED', message: reason } };
}

function shell(test: ToolTestSpec, startedAt: Date): ConversationResult {
  return {
    id: resultId(test),
    specId: test.id,
    name: test.name,
    file: test.file,
    ...(test.loc ? { loc: test.loc } : {}),
    tags: test.tags,
    runIndex: 0,
    repeat: 1,
    modality: 'text',
    status: 'passed',
    startedAt: startedAt.toISOString(),
    durationMs: 0,
    attempts: [],
    turns: [],
    assertions: [],
  };
}

function finish(
  base: ConversationResult,
  started: number,
  assertions: AssertionResult[],
  error?: ErrorInfo,
): ConversationResult {
  const durationMs = Math.round(performance.now() - started);
  const status: Verdict = error ? 'error' : assertions.every((a) => a.status === 'passed') ? 'passed' : 'failed';
  return {
    ...base,
    status,
    durationMs,
    assertions,
    attempts: [{ attempt: 1, sessionId: '', status, durationMs, ...(error ? { error } : {}) }],
    ...(error ? { error } : {}),
  };
}
