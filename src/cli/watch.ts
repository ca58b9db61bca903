// `run --watch`: after the first run, re-run on every change under the spec paths, keeping the
// target (and an in-process emulator) up. A changed spec file re-runs just that file; any other
// change (a fixture, an included fragment, a custom matcher, a new file) re-runs everything.
import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { MatchStyle, SpecFile } from '../model/spec.js';
import { loadSpecs } from '../runner/index.js';
import { CliError } from './exit-codes.js';

export interface WatchRequest {
  paths: string[];
  cwd: string;
  /** Folders spec paths may lead into (the project root and files.allowRoots). */
  roots: readonly string[];
  /** The config's `match:`, applied to reloaded files as to the first load. */
  match?: MatchStyle;
  /** The run-wide repeat (config, --repeat), as for the first load. */
  repeat?: number;
  files: readonly SpecFile[];
  firstCode: number;
  /** Directories the run writes to (reports, goldens): changes there are the run's own. */
  ignore: string[];
  run(files: readonly SpecFile[]): Promise<number>;
}

const DEBOUNCE_MS = 150;
const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

/** Resolves with the last run's exit code when Ctrl-C is pressed while idle. */
export async function watchSpecs(req: WatchRequest): Promise<number> {
  let known = new Set(req.files.map((f) => path.resolve(req.cwd, f.file)));
  let lastCode = req.firstCode;
  let running = false;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const ignored = (file: string) => req.ignore.some((dir) => file === dir || file.startsWith(`${dir}${path.sep}`));
  const watchers = await Promise.all(
    req.paths.map((p) =>
      watchPath(path.resolve(req.cwd, p), (file) => {
        if (ignored(file)) return;
        pending.add(file);
        clearTimeout(timer);
        timer = setTimeout(() => void rerun(), DEBOUNCE_MS);
      }),
    ),
  );
  const waiting = () => process.stdout.write(`\nWatching ${req.paths.join(', ')} for changes (Ctrl-C to exit)\n`);
  const rerun = async (): Promise<void> => {
    if (running || pending.size === 0) return;
    running = true;
    const changed = [...pending];
    pending = new Set();
    const onlySpecs = changed.every((f) => known.has(f));
    if (process.stdout.isTTY) process.stdout.write(CLEAR_SCREEN);
    const rel = changed.map((f) => path.relative(req.cwd, f) || f);
    process.stdout.write(
      `Changed: ${rel.join(', ')}; re-running ${onlySpecs ? rel.join(', ') : 'every spec file'}\n\n`,
    );
    try {
      const { files, errors } = await loadSpecs(onlySpecs ? rel : req.paths, {
        cwd: req.cwd,
        roots: req.roots,
        ...(req.match ? { match: req.match } : {}),
        ...(req.repeat ? { repeat: req.repeat } : {}),
      });
      for (const e of errors) process.stderr.write(`${e.message}\n`);
      if (errors.length === 0) {
        if (!onlySpecs) known = new Set(files.map((f) => path.resolve(req.cwd, f.file)));
        lastCode = await req.run(files);
      }
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      process.stderr.write(`cxas-eval: ${err.message}\n`);
    } finally {
      running = false;
    }
    waiting();
    if (pending.size) void rerun();
  };
  waiting();
  await new Promise<void>((resolve) => {
    // While a run is going, its own two-stage interrupt handles Ctrl-C; idle, Ctrl-C ends watching.
    const onSignal = (): void => {
      if (running) return;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  return lastCode;
}

async function watchPath(target: string, onChange: (file: string) => void): Promise<FSWatcher> {
  const isDir = (await stat(target)).isDirectory();
  const base = isDir ? target : path.dirname(target);
  // Watching a file's directory (not the file) survives editors that save by rename.
  return watch(base, { recursive: isDir }, (_event, name) => {
    if (!name) return;
    const file = path.join(base, name.toString());
    if (isDir || file === target) onChange(file);
  });
}
