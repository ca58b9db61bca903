// A project for the comparison e2e tests: the demo's support suite (inside the project, as spec
// files must be), the demo app (beside it) and a copy with one reply changed.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DEMO_APP, tempProject } from '../helpers/cli.js';

export const SPECS = 'specs/support.yaml';
export const [ORIGINAL_REPLY, CHANGED_REPLY] = ['Thank you, you are now verified.', 'Thanks, you are verified now.'];

export async function comparisonProject(): Promise<Awaited<ReturnType<typeof tempProject>>> {
  const demo = path.dirname(DEMO_APP);
  const app = await readFile(DEMO_APP, 'utf8');
  const project = await tempProject({
    'mutated.yaml': app.replaceAll(ORIGINAL_REPLY, CHANGED_REPLY),
    // The apps read their audio transcripts beside them.
    'audio/transcripts.json': await readFile(path.join(demo, 'audio/transcripts.json'), 'utf8'),
    [SPECS]: await readFile(path.join(demo, 'support.yaml'), 'utf8'),
  });
  await mkdir(path.join(project.dir, 'specs/fixtures'), { recursive: true });
  await copyFile(path.join(demo, 'fixtures/receipt.pdf'), path.join(project.dir, 'specs/fixtures/receipt.pdf'));
  return project;
}
