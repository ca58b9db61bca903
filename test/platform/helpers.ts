// Shared by the platform tests: the demo app and small apps written next to each test's specs.
import * as path from 'node:path';
import { ROOT } from '../helpers/cli.js';

export const DEMO_APP = path.join(ROOT, 'specs/demo/app.yaml');
