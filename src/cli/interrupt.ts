// Ctrl-C handling: the first stops scheduling and gives running conversations until their
// timeout to finish (then cancels them); the second exits at once after saving what finished.
export interface Interrupt {
  stop: AbortSignal;
  abort: AbortSignal;
  dispose(): void;
}

export function installInterrupt(graceMs: number, onForcedExit: () => void, stderr: NodeJS.WritableStream = process.stderr): Interrupt {
  const stop = new AbortController();
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (): void => {
    if (!stop.signal.aborted) {
      stop.abort(new Error('interrupted'));
      stderr.write(`\nInterrupted: no new conversations will start; running ones get ${Math.round(graceMs / 1000)}s to finish. Press Ctrl-C again to exit now.\n`);
      timer = setTimeout(() => abort.abort(new Error('interrupted')), graceMs);
      timer.unref();
      return;
    }
    abort.abort(new Error('interrupted'));
    onForcedExit();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop: stop.signal,
    abort: abort.signal,
    dispose: () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
