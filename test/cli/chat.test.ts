// `cxas-eval chat` through the built CLI: the in-process demo emulator when no app is configured,
// banner, /help and the commands, client tool calls answered by the user or from --spec tool
// fakes, clean connection errors, and (in a pseudo-terminal) the prompt and line history.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli, tempProject, type CliResult } from '../helpers/cli.js';
import { joinRegex } from '../helpers/regex.js';

function chat(args: string[], input: string, cwd: string): Promise<CliResult> {
  return runCli(['chat', '--format', 'plain', ...args], { cwd, env: { CXAS_APP: '' }, input });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('chat', async () => {
  const project = await tempProject({
    'fakes.yaml':
      'conversations:\n  - name: t\n    toolFakes:\n      - tool: open_ticket\n        respond: { ticket_id: T-5 }\n' +
      '    turns:\n      - user: hi\n',
  });
  afterAll(() => project.cleanup());

  it('serves the demo emulator, lists commands, asks for a client tool result, keeps history, resets', async () => {
    const input = [
      '/help',
      '/event WELCOME',
      'open a ticket, internet down',
      'not json',
      '{"ticket_id": "T-77"}',
      '/history',
      '/vars [1]',
      '/blob missing.pdf',
      '/dtmf 1234#',
      '/reset',
      '/quit',
      'never sent',
    ];
    const r = await chat([], `${input.join('\n')}\n`, project.dir);
    expect(r.stdout).toMatch(
      joinRegex(
        /^cxas-eval chat · the demo app \(bundled emulator\) at 127\.0\.0\.1:\d+\n/,
        /session projects\/demo\/locations\/us\/apps\/cymbal-support\/sessions\/\S+\n/,
        /Type \/help for commands/,
      ),
    );
    for (const command of [
      '/event NAME',
      '/dtmf DIGITS',
      '/vars {json}',
      '/blob FILE',
      '/history',
      '/reset',
      '/quit',
      '/help',
    ])
      expect(r.stdout).toContain(`  ${command}`);
    expect(r.stdout).toContain('AGENT RESPONSE: [root_agent] Welcome to Cymbal support!');
    expect(r.stdout).toContain(
      'client tool open_ticket {"priority":"high","summary":"open a ticket, internet down"} ' +
        'needs its result: type a JSON object',
    );
    expect(r.stdout.match(/Ticket T-77 is open\./g)).toHaveLength(2); // the turn, then /history
    expect(r.stdout).toMatch(/\nnew session projects\/demo\/.*\/sessions\/\S+\n$/);
    expect(r.stdout).not.toContain('never sent');
    expect(r.stdout).toContain('USER QUERY: 1234#\nVARIABLES: [root_agent] {"authenticated":true,"pin":"1234#"}');
    expect(r.stderr).toBe(
      'the result of open_ticket needs a JSON object, got not json\nerror: /vars needs a JSON object, got [1]\n' +
        'error: /blob: cannot read missing.pdf: ENOENT\n',
    );
    expect(r.code).toBe(1);
  });

  it('answers client tool calls from --spec tool fakes; a connection error is one clean line', async () => {
    const port = await closedPort();
    const [faked, refused] = await Promise.all([
      chat(
        ['--spec', 'fakes.yaml', '--emulator', `${ROOT}/specs/demo/app.yaml`],
        'open a ticket please\n',
        project.dir,
      ),
      chat(
        ['--app', 'projects/p/locations/us/apps/a', '--endpoint', `127.0.0.1:${port}`, '--insecure'],
        'hello\n',
        project.dir,
      ),
    ]);
    expect(faked.stdout).toContain('· 1 tool fake(s) loaded');
    expect(faked.stdout).toContain(
      '(client tool open_ticket answered from tool fakes: {"output":{"ticket_id":"T-5"}})\n',
    );
    expect(faked.stdout).toContain('Ticket T-5 is open.');
    expect(faked.code).toBe(0);
    expect(refused.stderr).toBe(
      `error [UNAVAILABLE]: cannot reach 127.0.0.1:${port} (connection refused); ` +
        'check --endpoint, or that the server is running\n',
    );
    expect(refused.code).toBe(1);
  });

  it('shows a prompt and recalls the previous line with the up arrow in a terminal', async () => {
    const command = `${process.execPath} ${CLI} chat --format plain`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: project.dir,
      env: { ...process.env, CXAS_APP: '', NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waitFor = async (text: string, times = 1) => {
      while (out.split(text).length - 1 < times) await new Promise((r) => setTimeout(r, 20));
    };
    await waitFor('you> ');
    child.stdin.write('/event WELCOME\r');
    await waitFor('Welcome to Cymbal support!');
    await waitFor('you> ', 2);
    child.stdin.write('\x1b[A\r'); // up arrow: the same line again
    await waitFor('Welcome to Cymbal support!', 2);
    child.stdin.write('/quit\r');
    expect(await exited).toBe(0);
    expect(out.split('USER QUERY: [event: WELCOME]').length - 1).toBe(2);
  });
});
