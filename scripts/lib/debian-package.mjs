// For the pretest scripts (ensure-chromium.mjs, ensure-espeak.mjs): find a program at its usual
// paths, or install it from Debian's package when this machine allows it. Nothing is downloaded
// from anywhere but the Debian archive.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** True when one of `paths` exists; unset ones (an environment variable that is not set) are skipped. */
export function anyExists(paths) {
  return paths.filter(Boolean).some((p) => existsSync(p));
}

/** Installing needs apt-get's rights: Linux, as root. */
export function canInstallPackages() {
  return process.platform === 'linux' && typeof process.getuid === 'function' && process.getuid() === 0;
}

/** `apt-get update`, then installs `pkg` without recommends, output shown; throws when apt-get fails. */
export function aptInstall(script, pkg) {
  console.log(`${script}: installing Debian's ${pkg} package (first run only)...`);
  const apt = (args) =>
    execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', pkg]);
}
