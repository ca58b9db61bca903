// Makes sure a Chromium exists for the HTML report's browser test (Debian's package; nothing
// is downloaded from elsewhere). Runs before `npm test`. Honours CHROMIUM_PATH when set.
import { existsSync } from 'node:fs';
import { anyExists, aptInstall, canInstallPackages } from './lib/debian-package.mjs';

if (anyExists([process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])) process.exit(0);

if (!canInstallPackages()) {
  console.error(
    "ensure-chromium: no Chromium found. Install Debian's `chromium` package (or set CHROMIUM_PATH); " +
      'the HTML browser test needs it.',
  );
  process.exit(1);
}
aptInstall('ensure-chromium', 'chromium');
if (!existsSync('/usr/bin/chromium')) {
  console.error('ensure-chromium: apt-get finished but /usr/bin/chromium is missing');
  process.exit(1);
}
