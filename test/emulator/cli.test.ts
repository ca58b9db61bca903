// `cxas-eval emulator`: prints its addresses, serves, and stops cleanly on SIGINT.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { registerEmulator } from '../../src/cli/emulator.js';
import { joinRegex } from '../helpers/regex.js';
import { textStream } from '../helpers/text-stream.js';
import { connect, DEMO_APP, newSession, texts, turn } from './helpers.js';

function program(): Command {
  const p = new Command('cxas-eval').exitOverride();
  registerEmulator(p);
  return p;
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('cxas-eval emulator', () => {
  it('prints the gRPC address and WS URL, serves, and stops on SIGINT', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const done = program().parseAsync(['node', 'cxas-eval', 'emulator', '--app', DEMO_APP, '--seed', '3']);
    await vi.waitFor(() => expect(lines.join('')).toMatch(/ws ws:\/\//), { timeout: 10_000 });
    const out = lines.join('');
    expect(out).toMatch(
      joinRegex(
        /^emulator serving projects\/demo\/locations\/us\/apps\/cymbal-support\n/,
        /grpc 127\.0\.0\.1:\d+\nws ws:\/\/127\.0\.0\.1:\d+\n$/,
      ),
    );
    const c = connect(/grpc (\S+)/.exec(out)![1]!);
    expect(texts(await turn(c, newSession('cli'), [{ event: { event: 'WELCOME' } }]))).toHaveLength(1);
    c.close();
    process.emit('SIGINT');
    await done;
    expect(lines.join('')).toContain('emulator stopped (SIGINT)');
    expect(process.exitCode).toBe(130);
  });

  it('fails with a usage error on an invalid app or flag', async () => {
    await expect(
      program().parseAsync(['node', 'cxas-eval', 'emulator', '--app', '/nonexistent/app.yaml']),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^\/nonexistent\/app\.yaml:1:1: file not found$/),
    });
    await expect(
      program().parseAsync(['node', 'cxas-eval', 'emulator', '--app', DEMO_APP, '--port', 'x']),
    ).rejects.toMatchObject({ exitCode: 2, message: '--port must be a whole number from 0 to 65535, got "x"' });
  });

  it('refuses a non-loopback --host without --token or --no-auth, and warns when exposed', async () => {
    await expect(
      program().parseAsync(['node', 'cxas-eval', 'emulator', '--app', DEMO_APP, '--host', '0.0.0.0']),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('--host 0.0.0.0 exposes the emulator beyond this machine: pass --token'),
    });
    await expect(
      program().parseAsync(['node', 'cxas-eval', 'emulator', '--app', DEMO_APP, '--token', 's', '--no-auth']),
    ).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('contradict') });
    const { emulatorAuth } = await import('../../src/cli/emulator-exposure.js');
    const { stream: stderr, text: err } = textStream();
    expect(emulatorAuth({ host: '0.0.0.0', token: 'sekret' }, {}, stderr)).toEqual({ token: 'sekret' });
    expect(emulatorAuth({ host: '10.0.0.5', auth: false }, {}, stderr)).toBeUndefined();
    expect(emulatorAuth({ host: '0.0.0.0' }, { CXAS_EMULATOR_TOKEN: 'from-env' }, stderr)).toEqual({
      token: 'from-env',
    });
    expect(err().split('\n').filter(Boolean)).toEqual([
      'cxas-eval: warning: the emulator listens on 0.0.0.0, reachable from the network; ' +
        'clients must send Authorization: Bearer <token>',
      'cxas-eval: warning: the emulator listens on 10.0.0.5, reachable from the network ' +
        'WITHOUT authentication (--no-auth)',
      'cxas-eval: warning: the emulator listens on 0.0.0.0, reachable from the network; ' +
        'clients must send Authorization: Bearer <token>',
    ]);
    expect(emulatorAuth({ host: '127.0.0.1' }, {}, stderr)).toBeUndefined();
  });

  it('--token on loopback requires the bearer token from clients', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));
    const done = program().parseAsync([
      'node',
      'cxas-eval',
      'emulator',
      '--app',
      DEMO_APP,
      '--token',
      'sekret',
      '--session-ttl',
      '60',
      '--max-sessions',
      '5',
    ]);
    await vi.waitFor(() => expect(lines.join('')).toMatch(/ws ws:\/\//), { timeout: 10_000 });
    const c = connect(/grpc (\S+)/.exec(lines.join(''))![1]!);
    await expect(turn(c, newSession('noauth'), [{ event: { event: 'WELCOME' } }])).rejects.toMatchObject({ code: 16 });
    c.close();
    process.emit('SIGTERM');
    await done;
  });
});
