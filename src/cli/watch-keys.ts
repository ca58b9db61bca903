// The keys `run --watch` takes, as Vitest's watch mode does: `a` re-runs everything, `f` the failed
// conversations, `u` everything while updating goldens, `q` quits. On a terminal stdin is read in raw
// mode (a key acts without Enter), where Ctrl-C arrives as a character and is turned back into the
// SIGINT it stands for; from a pipe every character is a key and line ends are ignored.

export type WatchKey = 'a' | 'f' | 'u' | 'q';

const KEYS = new Set<string>(['a', 'f', 'u', 'q']);
const CTRL_C = '\x03';

export const KEYS_HELP = 'press a to re-run all, f failed, u to update goldens, q to quit';

/** Calls `onKey` for each key typed; returns a function that gives stdin back as it was. */
export function listenForKeys(onKey: (key: WatchKey) => void, stdin: NodeJS.ReadStream = process.stdin): () => void {
  const raw = stdin.isTTY === true;
  if (raw) stdin.setRawMode(true);
  const onData = (data: Buffer | string): void => {
    for (const char of data.toString()) {
      if (char === CTRL_C) process.kill(process.pid, 'SIGINT');
      const key = char.toLowerCase();
      if (KEYS.has(key)) onKey(key as WatchKey);
    }
  };
  stdin.on('data', onData);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    if (raw) stdin.setRawMode(false);
    stdin.pause();
  };
}
