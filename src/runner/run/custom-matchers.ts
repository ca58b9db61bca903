// The modules named by `custom:` expectations, loaded once per run before any conversation, each in
// its own worker (custom-host.ts). A module that cannot be loaded is not a reason to stop the run:
// the expectations naming it become `error` with the reason and a hint, everything else runs.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  UnloadedCustomMatcher,
  type CustomMatcherCall,
  type CustomMatcherInput,
  type CustomMatcherModule,
} from '../../assertions/index.js';
import type { ConversationSpec, Expectation, ExpectationOf, SpecFile } from '../../model/spec.js';
import { SpecError } from '../../validation/index.js';
import { namingEnv } from '../load/env.js';
import { CustomMatcherHost, type WorkerError } from './custom-host.js';

/** What a call may take when neither the expectation nor the turn says (the CLI's default --timeout). */
const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export type CustomMatchers = ReadonlyMap<string, CustomMatcherModule | UnloadedCustomMatcher>;

export interface LoadedCustomMatchers {
  matchers: CustomMatchers;
  /** Stops every worker: at the end of the run, or at once when it is aborted. */
  close(): void;
}

/**
 * Loads the modules the given conversations name (those the run plans; repeats may share a spec).
 * `signal` aborted, at once or while a module loads (its top level may loop): every worker stops,
 * the loads end failed, and this returns without waiting for `loadTimeoutMs`.
 */
export async function loadCustomMatchers(
  conversations: readonly ConversationSpec[],
  cwd: string,
  loadTimeoutMs: number,
  signal?: AbortSignal,
): Promise<LoadedCustomMatchers> {
  const host = new CustomMatcherHost(loadTimeoutMs);
  const stop = (): void => host.close();
  signal?.addEventListener('abort', stop, { once: true });
  if (signal?.aborted) host.close();
  const uses = customModulePaths([...new Set(conversations)]);
  const matchers = new Map<string, CustomMatcherModule | UnloadedCustomMatcher>();
  for (const [module, refused] of refusals(uses)) matchers.set(module, new UnloadedCustomMatcher(refused));
  const modules = [...uses.keys()].filter((m) => !matchers.has(m));
  const loads = await Promise.all(modules.map((m) => host.load(moduleUrl(cwd, m))));
  modules.forEach((module, i) => {
    const load = loads[i]!;
    matchers.set(
      module,
      load.ok
        ? proxyModule(host, moduleUrl(cwd, module), load.exports)
        : new UnloadedCustomMatcher(loadFailure(module, load.error)),
    );
  });
  return {
    matchers,
    close: () => {
      signal?.removeEventListener('abort', stop);
      host.close();
    },
  };
}

/**
 * For `validate`: each custom expectation whose module does not load (within `loadTimeoutMs`, the
 * config's timeoutMs as for a run) or lacks its function export. A module the loader refused is not
 * imported (the loader reported it at its `module:` value).
 */
export async function checkCustomMatchers(
  files: readonly SpecFile[],
  cwd: string,
  loadTimeoutMs = DEFAULT_CALL_TIMEOUT_MS,
): Promise<SpecError[]> {
  const host = new CustomMatcherHost(loadTimeoutMs);
  try {
    const errors: SpecError[] = [];
    const all = customModulePaths(files.flatMap((f) => f.conversations));
    const refused = refusals(all);
    const modules = [...all].filter(([module]) => !refused.has(module));
    // All at once, as a run loads them: modules that loop at their top level cost one timeout, not one each.
    const loads = await Promise.all(modules.map(([module]) => host.load(moduleUrl(cwd, module))));
    modules.forEach(([module, uses], i) => {
      const load = loads[i]!;
      for (const { expectation, file } of uses) {
        const problem = load.ok
          ? exportProblem(module, exportName(expectation), load.exports)
          : loadFailure(module, load.error);
        const loc = expectation.loc ?? { file, line: 1, col: 1 };
        if (problem) errors.push(new SpecError('BAD_CUSTOM_MATCHER', loc, 'custom.module', problem));
      }
    });
    // The rebased module path, or a loader's message, may quote what an `${env.NAME}` gave.
    return namingEnv(
      errors,
      files.flatMap((f) => f.envValues ?? []),
    );
  } finally {
    host.close();
  }
}

/**
 * The modules the loader refused (outside the project roots, or missing), with the reason an
 * expectation naming one gives. `module` is the rebased path, so one refused use refuses them all.
 */
function refusals(uses: ReadonlyMap<string, CustomUse[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [module, list] of uses) {
    const refused = list.find((u) => u.expectation.options.refused)?.expectation.options.refused;
    if (refused) out.set(module, `module ${module} was not loaded: ${refused}`);
  }
  return out;
}

/** The module as the assertions see it: each function export calls into the worker. */
function proxyModule(host: CustomMatcherHost, url: string, exports: Record<string, string>): CustomMatcherModule {
  const proxy: CustomMatcherModule = {};
  for (const [name, type] of Object.entries(exports)) {
    if (type !== 'function') continue;
    proxy[name] = (input: CustomMatcherInput, call?: CustomMatcherCall) =>
      host.call(url, name, input, call?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
  }
  return proxy;
}

function loadFailure(module: string, error: WorkerError): string {
  const what = error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return `module ${module} could not be loaded: ${what}${esmHint(module, error)}`;
}

/** The everyday cause (`npm init -y` writes "type": "commonjs"): ES module syntax in a file read as CommonJS. */
function esmHint(module: string, error: WorkerError): string {
  const esmSyntax =
    (error.name === 'SyntaxError' && /\b(export|import)\b/.test(error.message)) || error.code === 'ERR_REQUIRE_ESM';
  if (!esmSyntax || module.endsWith('.mjs')) return '';
  return (
    ' (hint: it uses ES module syntax but was read as CommonJS:' +
    ' name it .mjs, or set "type": "module" in its package.json)'
  );
}

function exportProblem(module: string, name: string, exports: Record<string, string>): string | undefined {
  if (exports[name] === 'function') return undefined;
  const functions = Object.keys(exports).filter((k) => exports[k] === 'function');
  const has = functions.length ? `its function exports: ${functions.join(', ')}` : 'it exports no function';
  return `module ${module} has no function export ${JSON.stringify(name)} (${has})`;
}

function exportName(e: ExpectationOf<'custom'>): string {
  return e.options.export ?? 'default';
}

function moduleUrl(cwd: string, module: string): string {
  return pathToFileURL(path.resolve(cwd, module)).href;
}

/** A custom expectation and the spec file it is written in. */
interface CustomUse {
  expectation: ExpectationOf<'custom'>;
  file: string;
}

/** Each module named by a custom expectation, with the expectations naming it and their files. */
function customModulePaths(conversations: readonly ConversationSpec[]): Map<string, CustomUse[]> {
  const out = new Map<string, CustomUse[]>();
  for (const c of conversations) {
    const visit = (expectation: Expectation): void => {
      if (expectation.matcher !== 'custom') return;
      const { module } = expectation.options;
      const uses = out.get(module);
      if (uses) uses.push({ expectation, file: c.file });
      else out.set(module, [{ expectation, file: c.file }]);
    };
    c.expect.forEach(visit);
    c.turns.forEach((t) => t.expect.forEach(visit));
  }
  return out;
}
