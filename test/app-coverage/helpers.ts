// The coverage fixture: an app with a known inventory and specs that exercise part of it (the
// expected figures are in the app file's header).
import * as path from 'node:path';
import { ROOT } from '../helpers/cli.js';

export const FIXTURE_APP = path.join(ROOT, 'test/fixtures/coverage/app.yaml');
export const FIXTURE_SPECS = path.join(ROOT, 'test/fixtures/coverage/specs.yaml');
