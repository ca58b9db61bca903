// Makes sure a Chromium exists for the HTML report's browser test (Debian's package; nothing
// is downloaded from elsewhere). Runs before `npm test`. Honours CHROMIUM_PATH when set.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
if (candidates.some((p) => existsSync(p))) process.exit(0);

if (process.platform !== 'linux' || typeof process.getuid !== 'function' || process.getuid() !== 0) {
  console.error(
    "ensure-chromium: no Chromium found. Install Debian's `chromium` package (or set CHROMIUM_PATH); " +
      'the HTML browser test needs it.',
  );
  process.exit(1);
}
console.log("ensure-chromium: installing Debian's chromium package (first run only)...");
const apt = (args) =>
  execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
apt(['update', '-qq']);
apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
if (!existsSync('/usr/bin/chromium')) {
  console.error('ensure-chromium: apt-get finished but /usr/bin/chromium is missing');
  process.exit(1);
}
