// `npm run demo` (predemo): build only when a build input is newer than the build's last output,
// so a demo run after no change starts at once. A clean checkout has no dist/: it builds.
// `--check` only says whether a build is needed (exit 0 up to date, 1 stale), for tests.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.CXAS_BUILD_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUTS = [
  'src',
  'schemas',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.page.json',
  'package.json',
  'scripts/precompile-schemas.mjs',
  'scripts/compile-protos.mjs',
  'scripts/bundle-page.mjs',
  'scripts/bundle-cli.mjs',
];
// The bundled CLI is written last by `npm run build`: older than any input means stale.
const LAST_OUTPUT = 'dist/bin';

function files(p) {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p, { withFileTypes: true }).flatMap((e) => files(path.join(p, e.name)));
}

function staleReason() {
  const outputs = files(path.join(root, LAST_OUTPUT));
  if (outputs.length === 0) return `${LAST_OUTPUT} is missing`;
  const built = Math.min(...outputs.map((f) => statSync(f).mtimeMs));
  const newer = INPUTS.flatMap((p) => files(path.join(root, p))).find((f) => statSync(f).mtimeMs > built);
  return newer ? `${path.relative(root, newer)} changed since the last build` : undefined;
}

const reason = staleReason();
if (process.argv.includes('--check')) {
  console.log(reason ? `stale: ${reason}` : 'up to date');
  process.exit(reason ? 1 : 0);
}
if (reason) {
  console.log(`building: ${reason}`);
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
} else {
  console.log('build is up to date');
}
