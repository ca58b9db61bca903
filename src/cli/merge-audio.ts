// merge-reports keeps audio players working: every WAV a shard's results reference (relative to
// that shard's directory) is copied to the same relative path under the merged output directory.
// A referenced file that is missing, a path leaving the directory, a symlink leading out of the shard's
// directory (a merged report must never publish /etc/shadow) or anything but a regular file stops the
// merge before anything is written. Symlinks are resolved once here and the real file is copied.
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RunResult } from '../model/result.js';
import { CliError, EXIT } from './exit-codes.js';

export interface Shard {
  dir: string;
  result: RunResult;
}

interface Copy {
  from: string;
  to: string;
}

function referencedAudio(shard: Shard, outputDir: string, problems: string[]): Copy[] {
  const copies: Copy[] = [];
  for (const c of shard.result.conversations) {
    for (const t of c.turns) {
      for (const rel of [t.result?.audio?.userWav, t.result?.audio?.agentWav]) {
        if (!rel) continue;
        const from = path.resolve(shard.dir, rel);
        const to = path.resolve(outputDir, rel);
        const where = `${c.file} › ${c.name}, turn ${t.index + 1}`;
        if (path.isAbsolute(rel) || !to.startsWith(`${path.resolve(outputDir)}${path.sep}`))
          problems.push(`${rel} (${where}) is not a path inside the report directory`);
        else if (!existsSync(from)) problems.push(`${path.join(shard.dir, rel)} is missing (${where})`);
        else {
          const real = containedFile(from, shard.dir);
          if (typeof real === 'string') copies.push({ from: real, to });
          else problems.push(`${path.join(shard.dir, rel)} ${real.problem} (${where})`);
        }
      }
    }
  }
  return copies;
}

/** The real path of `file` when it stays inside `dir` once symlinks are resolved and is a regular file. */
function containedFile(file: string, dir: string): string | { problem: string } {
  const real = realpathSync(file);
  const root = realpathSync(dir);
  if (!real.startsWith(`${root}${path.sep}`)) return { problem: 'leads outside its shard directory (a symlink)' };
  if (!statSync(real).isFile()) return { problem: 'is not a regular file' };
  return real;
}

/** Checks every referenced file first, then copies; returns how many files were copied. */
export async function copyReferencedAudio(shards: Shard[], outputDir: string): Promise<number> {
  const problems: string[] = [];
  const copies = shards.flatMap((s) => referencedAudio(s, outputDir, problems));
  if (problems.length) {
    throw new CliError(
      `merge-reports: ${problems.length} audio file(s) referenced by the results cannot be copied:` +
        `\n  ${problems.join('\n  ')}`,
      EXIT.usage,
    );
  }
  let copied = 0;
  for (const { from, to } of copies) {
    if (from === to) continue;
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to);
    copied++;
  }
  return copied;
}
