// results.json `identity` (README "Run identity"): what a run tested. Collected while the run goes
// on, so it costs the run no time; every part fails soft (a file that cannot be read, no git) and is
// left out rather than failing the run.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { GitIdentity, RunIdentity, TargetIdentity } from '../model/identity.js';
import { canonicalJson, type JsonValue } from '../model/json.js';
import type { SpecFile } from '../model/spec.js';
import type { EffectiveRunOptions } from './run-options.js';
import type { Target } from './run-target.js';
import { DEMO_APP } from '../package-root.js';

const run = promisify(execFile);
/** git is asked one short question; a repository too large to answer in this time is left out. */
const GIT_TIMEOUT_MS = 3000;

export interface IdentityInputs {
  files: readonly SpecFile[];
  target: Pick<Target, 'info'> & Partial<Pick<Target, 'emulator'>>;
  opts: EffectiveRunOptions;
  cwd: string;
}

export async function collectIdentity({ files, target, opts, cwd }: IdentityInputs): Promise<RunIdentity> {
  const [specs, appHash, git] = await Promise.all([
    specHashes(files, cwd),
    target.info.emulator ? appHashOf(target, path.resolve(cwd, opts.emulator ?? DEMO_APP)) : undefined,
    gitIdentity(cwd),
  ]);
  // `run --versions` against CES: the deployment under test is the client's (no conversation sets one).
  const deployments = new Set(files.flatMap((f) => f.conversations.map((c) => c.deploymentId ?? opts.deployment)));
  const [deployment] = deployments;
  const targetIdentity: TargetIdentity = {
    ...(target.info.app ? { app: target.info.app } : {}),
    ...(deployments.size === 1 && deployment ? { deployment } : {}),
    ...(appHash ? { appHash } : {}),
  };
  return {
    target: targetIdentity,
    specs,
    config: configFingerprint(opts),
    ...(git ? { git } : {}),
    ...(opts.recordHost ? { host: hostname() } : {}),
  };
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function specHashes(files: readonly SpecFile[], cwd: string): Promise<Record<string, string>> {
  const entries = await Promise.all(
    files.map(async (f) => {
      const bytes = await readFile(path.resolve(cwd, f.file)).catch(() => undefined);
      return bytes ? ([f.file, sha256(bytes)] as const) : undefined;
    }),
  );
  return Object.fromEntries(entries.filter((e) => e !== undefined).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The app file and its `transcriptsFile` (the files an emulator app references), hashed together.
 * The running emulator names them, so the app need not be parsed again here (~15 ms of a demo
 * run's start-up, issue 33); a stored target (rescore) has only the app file's path.
 */
async function appHashOf(target: IdentityInputs['target'], appFile: string): Promise<string | undefined> {
  const [app, transcripts] = target.emulator?.appFiles ?? [];
  if (app !== undefined) return hashAppFiles(app, transcripts);
  const text = await readFile(appFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const referenced = referencedTranscripts(text);
  return hashAppFiles(appFile, referenced ? path.resolve(path.dirname(appFile), referenced) : undefined, text);
}

async function hashAppFiles(app: string, transcripts?: string, appText?: string): Promise<string | undefined> {
  const text = appText ?? (await readFile(app, 'utf8').catch(() => undefined));
  if (text === undefined) return undefined;
  const hash = createHash('sha256').update(text);
  if (transcripts !== undefined) {
    const bytes = await readFile(transcripts).catch(() => undefined);
    hash.update('\u0000').update(bytes ?? 'missing');
  }
  return hash.digest('hex');
}

function referencedTranscripts(appText: string): string | undefined {
  try {
    const doc = parseYaml(appText) as { transcriptsFile?: unknown } | null;
    return typeof doc?.transcriptsFile === 'string' ? doc.transcriptsFile : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The options that decide what a run does, as canonical JSON (patterns as their source text). Not
 * which shard it is nor where its reports go: the shards of one run have one configuration, and
 * merge-reports keeps it (src/reporters/merge-identity.ts). Nor the absolute folders files may come
 * from (`fileRoots`, from the config's `files.allowRoots`, which is in): the same project checked out
 * elsewhere is the same configuration.
 */
function configFingerprint(opts: EffectiveRunOptions): string {
  const { shard: _shard, outputDir: _outputDir, fileRoots: _fileRoots, ...decisive } = opts;
  const plain = JSON.parse(
    JSON.stringify(decisive, (_key, value: unknown) => (value instanceof RegExp ? value.source : value)),
  ) as JsonValue;
  return sha256(canonicalJson(plain));
}

async function gitIdentity(cwd: string): Promise<GitIdentity | undefined> {
  // One question, not three (rev-parse, symbolic-ref, status): each git process costs the run's
  // start-up a fork of this process (issue 33). Porcelain v2 (git >= 2.11) heads the changes with
  // `# branch.oid <commit|(initial)>` and `# branch.head <name|(detached)>`.
  const out = await run('git', ['status', '--porcelain=v2', '--branch'], {
    cwd,
    timeout: GIT_TIMEOUT_MS,
    windowsHide: true,
  }).then(
    (r) => r.stdout,
    () => undefined,
  );
  if (out === undefined) return undefined;
  const lines = out.split('\n').filter((line) => line !== '');
  const header = (key: string): string | undefined =>
    lines.find((line) => line.startsWith(`# ${key} `))?.slice(key.length + 3);
  const commit = header('branch.oid');
  if (!commit || commit === '(initial)') return undefined;
  const branch = header('branch.head');
  const dirty = lines.some((line) => !line.startsWith('#'));
  return { commit, ...(branch && branch !== '(detached)' ? { branch } : {}), dirty };
}
