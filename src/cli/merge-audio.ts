// merge-reports keeps audio players working: every WAV the merged conversations reference (relative
// to their shard's directory) is copied to the same relative path under the merged output directory.
// A conversation run found in two shards (a re-run shard) keeps its last occurrence, as the merge
// does, and only that occurrence's audio is copied. A referenced file that is missing, a path
// leaving the directory, a symlink leading out of the shard's directory (a merged report must never
// publish /etc/shadow), anything but a regular file, or a path two conversations link (results of
// versions that named audio folders after the conversation's name alone: one would overwrite the
// other's audio) stops the merge before anything is written. Symlinks are resolved once here and
// the real file is copied. `rescore --output-dir` copies the recorded run's audio the same way.
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ConversationResult, RunResult } from '../model/result.js';
import { CliError, EXIT } from './exit-codes.js';

export interface Shard {
  dir: string;
  result: RunResult;
}

interface Copy {
  from: string;
  to: string;
  /** The conversation and turn that link it, for messages. */
  where: string;
}

type Owned = { shard: Shard; conversation: ConversationResult };

/** Each conversation run with the shard it comes from: its last occurrence, as mergeRunResults keeps. */
function keptConversations(shards: Shard[]): Owned[] {
  const byId = new Map<string, Owned>();
  for (const shard of shards) {
    for (const conversation of shard.result.conversations) {
      byId.delete(conversation.id);
      byId.set(conversation.id, { shard, conversation });
    }
  }
  return [...byId.values()];
}

function referencedAudio({ shard, conversation: c }: Owned, outputDir: string, problems: string[]): Copy[] {
  const copies: Copy[] = [];
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
        if (typeof real === 'string') copies.push({ from: real, to, where });
        else problems.push(`${path.join(shard.dir, rel)} ${real.problem} (${where})`);
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

/** A path linked twice: the later copy would overwrite the earlier's audio. */
function clashes(copies: Copy[], outputDir: string): string[] {
  const first = new Map<string, Copy>();
  const problems: string[] = [];
  for (const copy of copies) {
    const earlier = first.get(copy.to);
    if (!earlier) first.set(copy.to, copy);
    else
      problems.push(
        `${path.relative(outputDir, copy.to)} is linked twice (${earlier.where}; ${copy.where}): ` +
          'each would overwrite the other; re-run them to save their audio in folders of their own',
      );
  }
  return problems;
}

/**
 * Checks every referenced file first, then copies; returns how many files were copied. `command`
 * names who refuses in the message.
 */
export async function copyReferencedAudio(
  shards: Shard[],
  outputDir: string,
  command = 'merge-reports',
): Promise<number> {
  const problems: string[] = [];
  const copies = keptConversations(shards).flatMap((c) => referencedAudio(c, outputDir, problems));
  problems.push(...clashes(copies, outputDir));
  if (problems.length) {
    throw new CliError(
      `${command}: ${problems.length} audio file(s) referenced by the results cannot be copied:` +
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
