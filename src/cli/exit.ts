// Leaving the process: only after stdout and stderr have handed everything to the OS (a piped stdout is
// otherwise cut at the pipe's buffer size, ~64 KB).

/** Resolves when everything written so far has been flushed (or the stream is gone: EPIPE). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || !stream.writable) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    stream.write('', () => resolve());
  });
}

export async function exitWhenDrained(code: number): Promise<never> {
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}
