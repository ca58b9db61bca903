// `run --watch`: after the first run, re-run on every change under the spec paths, keeping the
// target (and an in-process emulator) up. A changed spec file re-runs just that file's conversations
// and tool tests (with the conversations of other files they run after); any other change (a
// fixture, an included fragment, a custom matcher, a new file, a deleted spec file, whose
// conversations are dropped) re-runs everything, wherever that file is: the files the specs read or
// name are watched too (LoadResult.deps). A change to the emulator app file (or a file it
// references) reloads the app, then re-runs everything.
// Keys, as in Vitest: a (all), f (failed), u (update goldens), q (quit); see watch-keys.ts.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { MatchStyle, SpecFile } from '../model/spec.js';
import type { Redactor } from '../model/redact.js';
import type { InputLimits } from '../validation/index.js';
import { loadSpecs, type GoldenUse } from '../runner/index.js';
import { ExitCodeError } from '../model/exit-codes.js';
import { KEYS_HELP, listenForKeys, type WatchKey } from './watch-keys.js';

export interface WatchRequest {
  paths: string[];
  cwd: string;
  /** Folders spec paths may lead into (the project root and files.allowRoots). */
  roots: readonly string[];
  /** The config's `match:`, applied to reloaded files as to the first load. */
  match?: MatchStyle;
  /** The run-wide repeat (config, --repeat), as for the first load. */
  repeat?: number;
  /** The config's `limits:` and `redact:` (masked names must stay distinct), as for the first load. */
  limits?: Partial<InputLimits>;
  redactor?: Redactor;
  /** Which conversations use a golden, as for the first load (a `u` re-run: every one). */
  goldens?: GoldenUse;
  files: readonly SpecFile[];
  /** The other files the specs read or name, absolute (LoadResult.deps): watched wherever they are. */
  deps: readonly string[];
  firstCode: number;
  /** Directories the run writes to (reports, goldens): changes there are the run's own. */
  ignore: string[];
  run(files: readonly SpecFile[], choice?: RunChoice): Promise<number>;
  /** Spec ids of the conversations that failed or errored in the last run (key `f`); an ExitCodeError says why not. */
  failedIds(): Promise<Set<string>>;
  /** The emulator app served from a file: a change to it (or a file it references) reloads it. */
  app?: WatchedApp;
  /** Where keys are read from (default process.stdin). */
  stdin?: NodeJS.ReadStream;
}

/**
 * What a re-run is asked for beyond the files: only the failed conversations, only those of some
 * files (absolute paths; what they run after comes with them: the plan pulls dependencies in), or
 * updating goldens.
 */
export interface RunChoice {
  failedOnly?: Set<string>;
  filesOnly?: Set<string>;
  updateGoldens?: boolean;
}

export interface WatchedApp {
  /** The app file and the files it references, absolute. */
  files(): Promise<string[]>;
  /** Serves the app as it is now; throws an ExitCodeError (its problems) and keeps the old one if it is invalid. */
  reload(): Promise<void>;
}

const DEBOUNCE_MS = 150;
const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

/** Resolves with the last run's exit code when Ctrl-C or `q` is pressed while idle. */
export async function watchSpecs(req: WatchRequest): Promise<number> {
  let known = new Set(req.files.map((f) => path.resolve(req.cwd, f.file)));
  let lastCode = req.firstCode;
  let running = false;
  let pending = new Set<string>();
  let appChanged = false;
  let asked: WatchKey | undefined;
  let timer: NodeJS.Timeout | undefined;
  let quit: () => void = () => {};
  const ignored = (file: string) => req.ignore.some((dir) => inside(file, dir));
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => void next(), DEBOUNCE_MS);
  };
  const appWatch = req.app ? await watchApp(req.app, () => ((appChanged = true), later())) : undefined;
  const specRoots = await Promise.all(req.paths.map((p) => watchedRoot(path.resolve(req.cwd, p))));
  // Files under the spec paths are seen by their watchers; the others are watched one by one.
  const outside = (deps: readonly string[]): string[] =>
    deps.filter((f) => !specRoots.some((r) => (r.isDir ? inside(f, r.path) : f === r.path)));
  const onFile = (file: string): void => {
    if (ignored(file) || appWatch?.has(file)) return;
    pending.add(file);
    later();
  };
  const depWatch = watchFiles(outside(req.deps), onFile);
  const watchers = specRoots.map((root) => watchPath(root, onFile));
  const waiting = () => process.stdout.write(`\nWatching ${req.paths.join(', ')} for changes · ${KEYS_HELP}\n`);
  const load = async (paths: string[], updateGoldens = false): Promise<SpecFile[] | undefined> => {
    const { files, errors, deps } = await loadSpecs(paths, {
      cwd: req.cwd,
      roots: req.roots,
      ...(req.match ? { match: req.match } : {}),
      ...(req.repeat ? { repeat: req.repeat } : {}),
      ...(req.limits ? { limits: req.limits } : {}),
      ...(req.redactor ? { redactor: req.redactor } : {}),
      goldens: { ...req.goldens, ...(updateGoldens ? { all: true } : {}) },
    });
    for (const e of errors) process.stderr.write(`${e.message}\n`);
    if (errors.length) return undefined;
    depWatch.set(outside(deps));
    return files;
  };
  const runAll = async (choice?: RunChoice): Promise<void> => {
    const files = await load(req.paths, choice?.updateGoldens);
    if (!files) return;
    known = new Set(files.map((f) => path.resolve(req.cwd, f.file)));
    lastCode = await req.run(files, choice);
  };
  const onChanges = async (): Promise<void> => {
    const changed = [...pending];
    pending = new Set();
    const reload = appChanged;
    appChanged = false;
    if (reload) {
      process.stdout.write('The emulator app changed: reloading it, then re-running every spec file\n\n');
      await req.app!.reload();
      return runAll();
    }
    // A file gone when the changes settle was deleted (an editor's save by rename leaves it there):
    // a deleted spec file is not re-run but dropped, and the suite without it runs.
    const removed = changed.filter((f) => !existsSync(f));
    const edited = changed.filter((f) => !removed.includes(f));
    const onlySpecs = removed.length === 0 && edited.every((f) => known.has(f));
    const rel = (files: string[]): string => files.map((f) => path.relative(req.cwd, f) || f).join(', ');
    const what = removed.some((f) => known.has(f)) ? 'every remaining spec file' : 'every spec file';
    const said = [
      ...(edited.length ? [`Changed: ${rel(edited)}`] : []),
      ...(removed.length ? [`${edited.length ? 'removed' : 'Removed'}: ${rel(removed)}`] : []),
    ];
    process.stdout.write(`${said.join('; ')}; re-running ${onlySpecs ? rel(edited) : what}\n\n`);
    if (!onlySpecs) return runAll();
    // The whole suite (parsed files come from the cache), so that a conversation that runs after one
    // in another file (history: afterConversation) finds it; only the changed files' conversations
    // are selected, and the plan pulls in what they run after.
    const files = await load(req.paths);
    if (!files) return;
    known = new Set(files.map((f) => path.resolve(req.cwd, f.file)));
    // A changed file no longer in the suite (deleted since it was seen): the suite changed, so everything runs.
    const gone = changed.some((f) => !known.has(f));
    lastCode = await req.run(files, gone ? {} : { filesOnly: new Set(changed) });
  };
  const onKey = async (key: WatchKey): Promise<void> => {
    if (key === 'a') {
      process.stdout.write('Re-running every spec file\n\n');
      return runAll();
    }
    if (key === 'u') {
      process.stdout.write('Re-running every spec file, updating goldens\n\n');
      return runAll({ updateGoldens: true });
    }
    const failed = await req.failedIds();
    if (failed.size === 0) {
      process.stdout.write('No conversation failed in the last run: nothing to re-run.\n');
      return;
    }
    process.stdout.write(`Re-running the ${failed.size} conversation(s) that failed\n\n`);
    return runAll({ failedOnly: failed });
  };
  const next = async (): Promise<void> => {
    if (running) return;
    if (asked === 'q') return quit();
    const key = asked;
    asked = undefined;
    if (!key && pending.size === 0 && !appChanged) return;
    running = true;
    if (process.stdout.isTTY) process.stdout.write(CLEAR_SCREEN);
    try {
      await (key ? onKey(key) : onChanges());
    } catch (err) {
      if (!(err instanceof ExitCodeError)) throw err;
      process.stderr.write(`cxas-eval: ${err.message}\n`);
    } finally {
      running = false;
    }
    waiting();
    void next();
  };
  const stopKeys = listenForKeys((key) => {
    if (key === 'q' && running) process.stdout.write('\nq: quitting when this run ends\n');
    asked = key;
    void next();
  }, req.stdin);
  waiting();
  await new Promise<void>((resolve) => {
    // While a run is going, its own two-stage interrupt handles Ctrl-C; idle, Ctrl-C ends watching.
    const onSignal = (): void => {
      if (running) return;
      quit();
    };
    quit = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  clearTimeout(timer);
  stopKeys();
  for (const w of watchers) w.close();
  appWatch?.close();
  depWatch.close();
  return lastCode;
}

/** True when `file` is `dir` or inside it. */
function inside(file: string, dir: string): boolean {
  return file === dir || file.startsWith(`${dir}${path.sep}`);
}

interface WatchedFiles {
  has(file: string): boolean;
  /** Watches these files from now on (and no longer the others). */
  set(files: Iterable<string>): void;
  close(): void;
}

/**
 * Watches single files through their directories (editors save by rename), not recursively: a
 * folder holding a dependency may hold anything else (a project root with `.cxas-eval/`).
 */
function watchFiles(initial: Iterable<string>, onChange: (file: string) => void): WatchedFiles {
  let files = new Set<string>();
  const byDir = new Map<string, FSWatcher>();
  const stop = (dir: string): void => {
    byDir.get(dir)?.close();
    byDir.delete(dir);
  };
  const set = (now: Iterable<string>): void => {
    files = new Set(now);
    const dirs = new Set([...files].map((f) => path.dirname(f)));
    for (const dir of byDir.keys()) if (!dirs.has(dir)) stop(dir);
    for (const dir of dirs) {
      if (byDir.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => {
          const file = name ? path.join(dir, name.toString()) : undefined;
          if (file && files.has(file)) onChange(file);
        });
        // A folder removed while watched: nothing to watch there until a reload lists it again.
        watcher.on('error', () => stop(dir));
        byDir.set(dir, watcher);
      } catch {
        // A folder that is gone already: the next load reports the missing file.
      }
    }
  };
  set(initial);
  return { has: (file) => files.has(file), set, close: () => [...byDir.keys()].forEach(stop) };
}

/**
 * Watches the app's files; after each change the list is read again, since the app may now
 * reference other files.
 */
async function watchApp(app: WatchedApp, onChange: () => void): Promise<WatchedFiles> {
  const watched: WatchedFiles = watchFiles(await app.files(), () => {
    onChange();
    void app.files().then((now) => watched.set(now));
  });
  return watched;
}

/** A spec path as its watcher sees it: a folder (watched recursively) or one file. */
interface WatchedRoot {
  path: string;
  isDir: boolean;
}

async function watchedRoot(target: string): Promise<WatchedRoot> {
  return { path: target, isDir: (await stat(target)).isDirectory() };
}

function watchPath({ path: target, isDir }: WatchedRoot, onChange: (file: string) => void): FSWatcher {
  const base = isDir ? target : path.dirname(target);
  // Watching a file's directory (not the file) survives editors that save by rename.
  return watch(base, { recursive: isDir }, (_event, name) => {
    if (!name) return;
    const file = path.join(base, name.toString());
    if (isDir || file === target) onChange(file);
  });
}
