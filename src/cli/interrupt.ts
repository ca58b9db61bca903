// Signals during a run. The first Ctrl-C (SIGINT) stops scheduling and gives running conversations
// until their timeout to finish (then cancels them). SIGTERM, SIGHUP (the terminal or SSH session
// closed), or a second signal, ends the run now:
// `onForced` writes every configured report from what finished, then exits. A signal while that is
// being written exits at once (the reports are written to temporary files and renamed, so a report on
// disk is always whole).
export interface Interrupt {
  stop: AbortSignal;
  abort: AbortSignal;
  /** The last signal received, if any: it decides the exit code (129 SIGHUP, 130 SIGINT, 143 SIGTERM). */
  readonly signal: NodeJS.Signals | undefined;
  dispose(): void;
}

type Stage = 'running' | 'stopping' | 'forced';

export function installInterrupt(
  graceMs: number,
  onForced: (signal: NodeJS.Signals) => void,
  onGivingUp: (signal: NodeJS.Signals) => void,
  stderr: NodeJS.WritableStream = process.stderr,
): Interrupt {
  const stop = new AbortController();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let stage: Stage = 'running';
  let last: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    last = signal;
    if (stage === 'forced') return onGivingUp(signal);
    stop.abort(new Error(signal));
    if (stage === 'running' && signal === 'SIGINT') {
      stage = 'stopping';
      stderr.write(
        `\nInterrupted (SIGINT): no new conversations will start; running ones get ${Math.round(graceMs / 1000)}s` +
          ' to finish. Press Ctrl-C again to stop now.\n',
      );
      timer = setTimeout(() => abort.abort(new Error('interrupted')), graceMs);
      timer.unref();
      return;
    }
    stage = 'forced';
    abort.abort(new Error(signal));
    stderr.write(
      `\n${signal === 'SIGINT' ? 'Interrupted again (SIGINT)' : signalName(signal)}: stopping now;` +
        ' writing every report from the conversations that finished.\n',
    );
    onForced(signal);
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  const onHup = (): void => onSignal('SIGHUP');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('SIGHUP', onHup);
  return {
    stop: stop.signal,
    abort: abort.signal,
    get signal() {
      return last;
    },
    dispose: () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      process.off('SIGHUP', onHup);
    },
  };
}

/**
 * Before a run starts (config and specs loading) there is nothing to save: a signal ends the
 * command with a message and the signal's exit code instead of killing it silently.
 */
export function exitOnSignalWhile(
  what: string,
  exit: (signal: NodeJS.Signals) => void,
  stderr: NodeJS.WritableStream = process.stderr,
): () => void {
  return onStopSignals((signal) => {
    stderr.write(`\n${signalName(signal)} while ${what}; nothing was run.\n`);
    exit(signal);
  });
}

/**
 * A command's network calls that have nothing to save: SIGINT, SIGTERM or SIGHUP aborts `signal`,
 * which the calls are given (they end with CANCELLED_BY_CALLER), and `received` says which came, for
 * the message and the exit code. `dispose()` gives the signals back to their default handling.
 */
export function abortOnSignal(): {
  signal: AbortSignal;
  readonly received: NodeJS.Signals | undefined;
  dispose(): void;
} {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const dispose = onStopSignals((signal) => {
    received ??= signal;
    controller.abort(new Error(signal));
  });
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose,
  };
}

/** One handler for SIGINT, SIGTERM and SIGHUP; the returned function gives them back. */
function onStopSignals(handler: (signal: NodeJS.Signals) => void): () => void {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, handler);
  return () => {
    for (const s of signals) process.off(s, handler);
  };
}

export function signalName(signal: NodeJS.Signals): string {
  if (signal === 'SIGHUP') return 'Hung up (SIGHUP)';
  return signal === 'SIGTERM' ? 'Terminated (SIGTERM)' : 'Interrupted (SIGINT)';
}
