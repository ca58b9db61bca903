// `import conversations` of what the platform ran: an evaluation whose client tool was mocked
// (push turns a spec's toolFakes into mocks) holds the tool's answer in the agent's message, not
// the user's. The import still writes it as a toolFakes answer (it learns which tools are client
// tools from AgentService.ListTools), so the imported spec passes against the same app; before,
// it had no fake and the run failed on the unanswered call.
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import type { RunResult } from '../../src/model/result.js';
import { DEMO_APP, readJson, runCli, tempProject } from '../helpers/cli.js';

const APP = 'projects/demo/locations/us/apps/cymbal-support';
const SPEC = `app: ${APP}
conversations:
  - name: ticket with a mocked client tool
    variables: { authenticated: true, account_id: ACC-2002 }
    toolFakes: [{ tool: open_ticket, respond: { ticket_id: T-42 } }]
    turns:
      - user: open a ticket please
        expect: [{ text: Ticket T-42 is open. }]
`;

let project: Awaited<ReturnType<typeof tempProject>>;
let emulator: RunningEmulator;
const cli = (args: string[]) => runCli(args, { cwd: project.dir });
const target = () => ['--endpoint', emulator.address, '--insecure'];

beforeAll(async () => {
  project = await tempProject({ 'specs/t.yaml': SPEC });
  emulator = await startEmulator({ app: DEMO_APP, evaluationRuns: { pollsToFinish: 1 } });
});
afterAll(async () => {
  await emulator.stop();
  await project.cleanup();
});

describe('import conversations of platform runs', () => {
  it("keeps a mocked client tool's answer as a toolFakes answer, and the imported spec passes", async () => {
    expect((await cli(['platform', 'push', 'specs', ...target()])).code).toBe(0);
    const ran = await cli(['platform', 'run', 'specs', '--wait', ...target(), '--output-dir', 'platform-out']);
    expect(ran.code, ran.stderr).toBe(0);

    // The evaluation's replay is no live traffic: imported only when asked for (--source eval).
    const live = await cli(['import', 'conversations', '--app', APP, ...target(), '-o', 'live']);
    expect(live.stdout).toBe('imported 0 conversations to live: 0 written\n');
    const imported = await cli([
      'import',
      'conversations',
      '--app',
      APP,
      ...target(),
      '--source',
      'eval',
      '-o',
      'imported',
    ]);
    expect(imported.stdout).toBe('imported 1 conversation to imported: 1 written\n');
    const [file] = await readdir(path.join(project.dir, 'imported'));
    const text = await readFile(path.join(project.dir, 'imported', file!), 'utf8');
    expect(text).toMatch(/ {6}- \{tool: open_ticket, whenArgs: \{.*\}, respond: \{ticket_id: T-42\}\} # generated\n/);

    const run = await cli(['run', 'imported', '--emulator', DEMO_APP, '--reporter', 'json', '--output-dir', 'out']);
    const result = await readJson<RunResult>(path.join(project.dir, 'out/results.json'));
    expect(result.conversations.map((c) => c.status)).toEqual(['passed']);
    expect(run.code).toBe(0);
  });
});
