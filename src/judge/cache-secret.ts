// The secret that signs cache entries (cache.ts). It lives outside the cache folder, in the user's
// state folder, so whoever can write the cache (a committed file, a restored CI cache, a hand edit)
// cannot forge an entry: they would need this file too. CI runners that restore a cache across jobs
// pass the same secret in CXAS_EVAL_CACHE_SECRET (from the CI's secret store).
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

const CACHE_SECRET_ENV = 'CXAS_EVAL_CACHE_SECRET';
const MIN_SECRET_CHARS = 32;

/** `$CXAS_EVAL_STATE_DIR`, else `$XDG_STATE_HOME/cxas-eval`, else `~/.local/state/cxas-eval` (or LOCALAPPDATA). */
function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['CXAS_EVAL_STATE_DIR']) return env['CXAS_EVAL_STATE_DIR'];
  if (env['XDG_STATE_HOME']) return path.join(env['XDG_STATE_HOME'], 'cxas-eval');
  if (process.platform === 'win32' && env['LOCALAPPDATA']) return path.join(env['LOCALAPPDATA'], 'cxas-eval');
  return path.join(os.homedir(), '.local', 'state', 'cxas-eval');
}

function secretFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), 'cache-secret');
}

/**
 * The signing secret: the environment's, else the state folder's file, created on first use (32 random
 * bytes, hex, mode 0600 in a 0700 folder; written whole, then linked into place exclusively, so concurrent
 * runs agree on one and never read half a file).
 */
export async function loadCacheSecret(env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env[CACHE_SECRET_ENV];
  if (fromEnv !== undefined) {
    if (fromEnv.length < MIN_SECRET_CHARS)
      throw new Error(`${CACHE_SECRET_ENV} must have at least ${MIN_SECRET_CHARS} characters`);
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = secretFile(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!(await exists(file))) await createExclusively(file);
  await chmod(file, 0o600);
  const secret = (await readFile(file, 'utf8')).trim();
  if (secret.length < MIN_SECRET_CHARS)
    throw new Error(`the cache secret ${file} is too short (delete it to make a new one)`);
  return Buffer.from(secret, 'utf8');
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function createExclusively(file: string): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  try {
    await link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(tmp, { force: true });
  }
}
