// merge-reports' check of the shards it is given: each results.json of `run --shard i/n` records
// `shard: {index, total}`, so a merge knows which shards it lacks. A missing shard is a run error
// (status error, exit 1) naming it, never a green merge of part of the suite; a shard given twice
// is a warning (a re-run shard: its later result is kept); shards of different totals did not split
// one run and are refused. Runs without shard numbers (not sharded, or merged already) are not checked.
import type { ErrorInfo } from '../model/result.js';
import { CliError, EXIT } from './exit-codes.js';
import type { Shard } from './merge-audio.js';

export interface ShardCheck {
  /** The run error of the shards not given. */
  missing?: ErrorInfo;
  warnings: string[];
}

export function checkShards(shards: readonly Shard[]): ShardCheck {
  const numbered = shards.flatMap((s) => (s.result.shard ? [{ dir: s.dir, ...s.result.shard }] : []));
  const [first] = numbered;
  if (!first) return { warnings: [] };
  if (numbered.some((s) => s.total !== first.total)) {
    const which = numbered.map((s) => `${s.dir} is shard ${s.index}/${s.total}`).join(', ');
    throw new CliError(`merge-reports: the shards split different runs: ${which}`, EXIT.usage);
  }
  const dirsOf = new Map<number, string[]>();
  for (const s of numbered) dirsOf.set(s.index, [...(dirsOf.get(s.index) ?? []), s.dir]);
  const warnings = [...dirsOf]
    .filter(([, dirs]) => dirs.length > 1)
    .map(
      ([index, dirs]) =>
        `shard ${index}/${first.total} is given ${dirs.length} times (${dirs.join(', ')}): ` +
        'a conversation in more than one keeps its result from the last',
    );
  const absent = Array.from({ length: first.total }, (_, i) => i + 1).filter((i) => !dirsOf.has(i));
  if (absent.length === 0) return { warnings };
  const message =
    `shard${absent.length === 1 ? '' : 's'} ${absent.join(', ')} of ${first.total} missing: ` +
    'their conversations are not in this report';
  return { warnings, missing: { code: 'SHARDS_MISSING', message } };
}
