// Writes spec files into a fresh temp folder and loads them with that folder as cwd.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';
import { loadSpecs } from '../../src/runner/load/index.js';

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function writeTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cxas-load-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export async function loadTree(files: Record<string, string>, paths = ['.'], env: NodeJS.ProcessEnv = {}) {
  const cwd = writeTree(files);
  return { cwd, ...(await loadSpecs(paths, { cwd, env })) };
}

export async function messagesOf(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  return (await loadTree(files, ['.'], env)).errors.map((e) => e.message);
}
