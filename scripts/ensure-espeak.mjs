// Makes sure espeak-ng exists for the offline speech synthesizer (`synthesizer: espeak`) and
// its tests (Debian's package; nothing is downloaded from elsewhere). Unlike Chromium it is
// optional: without it, the espeak tests assert the SYNTHESIZER_MISSING error instead, so
// this never fails the run. Honours ESPEAK_NG_PATH when set.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.ESPEAK_NG_PATH, '/usr/bin/espeak-ng', '/usr/local/bin/espeak-ng'].filter(Boolean);
if (candidates.some((p) => existsSync(p))) process.exit(0);

if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.log(
    'ensure-espeak: espeak-ng not found; `synthesizer: espeak` needs it (apt-get install espeak-ng). Skipping.',
  );
  process.exit(0);
}
console.log("ensure-espeak: installing Debian's espeak-ng package (first run only)...");
const apt = (args) =>
  execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
try {
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'espeak-ng']);
} catch (e) {
  console.log(`ensure-espeak: could not install espeak-ng (${e.message}); continuing without it.`);
}
