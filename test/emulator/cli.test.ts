// `cxas-eval emulator`: prints its addresses, serves, and stops cleanly on SIGINT.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { registerEmulator } from '../../src/cli/emulator.js';
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
    expect(out).toMatch(/^emulator serving projects\/demo\/locations\/us\/apps\/cymbal-support\ngrpc 127\.0\.0\.1:\d+\nws ws:\/\/127\.0\.0\.1:\d+\n$/);
    const c = connect(/grpc (\S+)/.exec(out)![1]!);
    expect(texts(await turn(c, newSession('cli'), [{ event: { event: 'WELCOME' } }]))).toHaveLength(1);
    c.close();
    process.emit('SIGINT');
    await done;
    expect(lines.join('')).toContain('emulator stopped (SIGINT)');
    expect(process.exitCode).toBe(130);
  });

  it('fails with a usage error on an invalid app or flag', async () => {
    await expect(program().parseAsync(['node', 'cxas-eval', 'emulator', '--app', '/nonexistent/app.yaml'])).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^\/nonexistent\/app\.yaml:1:1: file not found$/) });
    await expect(program().parseAsync(['node', 'cxas-eval', 'emulator', '--app', DEMO_APP, '--port', 'x'])).rejects.toMatchObject({ exitCode: 2, message: '--port must be a whole number from 0 to 65535, got "x"' });
  });
});
