// Observer hooks run user code (library observers; the CLI's reporters sit behind the multiplexer,
// which catches their errors). A conversation's hook that throws, rejects, or has not settled within
// the run's timeoutMs is that conversation's error (OBSERVER_FAILED), never the run's: a rejection
// escaping the suite would end executeRun while the other conversations went on, and a hook that
// never settles would hang the run. The run's timeoutMs is the bound because it is the one deadline
// every request of the run already has: an observer gets as long as a request may take.
import { deepFreeze } from '../../model/freeze.js';
import type { RunObserver } from '../../model/observer.js';
import { isPromiseLike } from '../../model/promise.js';
import type { ConversationResult, ErrorInfo } from '../../model/result.js';
import { conversationVerdict } from '../../model/verdict.js';
import { RunnerError } from './errors.js';

type Hook = Exclude<keyof RunObserver, 'onRunEnd'>;

/**
 * How long a hook may take. A hard abort does not cut it short: a hook is local code, and the run
 * waits for it (up to this bound) rather than leave it running behind a finished executeRun.
 */
interface HookBound {
  timeoutMs: number;
}

/** An observer hook failed; never transient, so an attempt is not retried for it. */
class ObserverError extends RunnerError {
  constructor(hook: Hook, detail: string) {
    super('OBSERVER_FAILED', `observer ${hook} ${detail}`);
  }
}

const threw = (hook: Hook, err: unknown): ObserverError =>
  new ObserverError(hook, `threw: ${err instanceof Error ? err.message : String(err)}`);

/**
 * Calls one hook: a synchronous hook's return is passed on as is (no timer for the common case);
 * a failure, or a promise still pending after `bound.timeoutMs`, is an ObserverError.
 */
export function callHook(hook: Hook, call: () => void | Promise<void>, bound: HookBound): void | Promise<void> {
  let out: unknown;
  try {
    out = call();
  } catch (err) {
    throw threw(hook, err);
  }
  if (!isPromiseLike(out)) return;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ObserverError(hook, `did not settle within ${bound.timeoutMs} ms (the run timeout)`)),
      bound.timeoutMs,
    );
    out.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(threw(hook, err));
      },
    );
  });
}

/** As callHook, with the failure as the value (the suite's start and end hooks), not thrown. */
export async function hookFailure(
  hook: Hook,
  call: () => void | Promise<void>,
  bound: HookBound,
): Promise<ObserverError | undefined> {
  try {
    await callHook(hook, call, bound);
    return undefined;
  } catch (err) {
    return err as ObserverError;
  }
}

/**
 * The observer a conversation's driver is given: its turn and attempt hooks bounded by callHook, each
 * handed its record frozen (deepFreeze): the verdicts are computed from these very records afterwards.
 */
export function boundedTurnHooks(observer: RunObserver, bound: HookBound): RunObserver {
  const { onTurnEnd, onAttemptDiscarded } = observer;
  const hooks: RunObserver = {};
  if (onTurnEnd)
    hooks.onTurnEnd = (id, turn) => callHook('onTurnEnd', () => onTurnEnd.call(observer, id, deepFreeze(turn)), bound);
  if (onAttemptDiscarded)
    hooks.onAttemptDiscarded = (id, attempt) =>
      callHook('onAttemptDiscarded', () => onAttemptDiscarded.call(observer, id, deepFreeze(attempt)), bound);
  return hooks;
}

/** onConversationEnd, bounded, handed the result frozen: the run's summary and reports are built from it. */
export function conversationEndFailure(
  observer: RunObserver,
  result: ConversationResult,
  bound: HookBound,
): Promise<ObserverError | undefined> {
  return hookFailure('onConversationEnd', () => observer.onConversationEnd?.(deepFreeze(result)), bound);
}

/**
 * A conversation whose observer's onConversationEnd failed: in the run it is that error (one that
 * already had an error keeps it, the observer's failure a warning). A copy: the result was handed
 * over, and observers keep what they were given (observer.ts).
 */
export function observerFailed(result: ConversationResult, error: ErrorInfo): ConversationResult {
  const final: ConversationResult = { ...result };
  if (result.error) final.warnings = [...(result.warnings ?? []), { code: error.code, message: error.message }];
  else final.error = error;
  final.status = conversationVerdict(final);
  return final;
}
