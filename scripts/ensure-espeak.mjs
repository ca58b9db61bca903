// Makes sure espeak-ng exists for the offline speech synthesizer (`synthesizer: espeak`) and
// its tests (Debian's package; nothing is downloaded from elsewhere). Unlike Chromium it is
// optional: without it, the espeak tests assert the SYNTHESIZER_MISSING error instead, so
// this never fails the run. Honours ESPEAK_NG_PATH when set.
import { anyExists, aptInstall, canInstallPackages } from './lib/debian-package.mjs';

if (anyExists([process.env.ESPEAK_NG_PATH, '/usr/bin/espeak-ng', '/usr/local/bin/espeak-ng'])) process.exit(0);

if (!canInstallPackages()) {
  console.log(
    'ensure-espeak: espeak-ng not found; `synthesizer: espeak` needs it (apt-get install espeak-ng). Skipping.',
  );
  process.exit(0);
}
try {
  aptInstall('ensure-espeak', 'espeak-ng');
} catch (e) {
  console.log(`ensure-espeak: could not install espeak-ng (${e.message}); continuing without it.`);
}
