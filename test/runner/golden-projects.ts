// Temporary projects for the --update-goldens file-safety tests (containment, writes): the echo app,
// one spec with one conversation, each project removed after its test.
import { afterEach } from 'vitest';
import { runArgs, runCli, tempProject } from '../helpers/cli.js';
import { echoApp } from './apps.js';

const SPEC = 'conversations:\n  - name: Hello\n    turns:\n      - user: hi\n';

export type Project = Awaited<ReturnType<typeof tempProject>>;
const projects: Project[] = [];
afterEach(async () => {
  for (const p of projects.splice(0)) await p.cleanup();
});

/** A project with `app.yaml`, `specs/g.yaml` and `files`, removed after the test. */
export async function project(files: Record<string, string>): Promise<Project> {
  const p = await tempProject({ 'app.yaml': echoApp(), 'specs/g.yaml': SPEC, ...files });
  projects.push(p);
  return p;
}

/** `run --update-goldens` of the project's specs against its app. */
export const update = (p: Project, ...extra: string[]) =>
  runCli(runArgs({ app: 'app.yaml', reporter: 'list,json' }, '--update-goldens', ...extra), { cwd: p.dir });
