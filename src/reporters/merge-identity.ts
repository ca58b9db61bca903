// The identity of a merged run (README "Run identity"): the shards' own, when they tested the same
// thing. Shards of one run load the same specs under the same config (its fingerprint leaves out
// --shard and --output-dir), so they agree; what they do not agree on cannot stand for the merge.
import type { RunIdentity } from '../model/identity.js';
import { sameJson, type JsonValue } from '../model/json.js';
import type { RunResult } from '../model/result.js';

export interface MergedIdentity {
  identity?: RunIdentity;
  /** What differed between the shards, and what that left out of the merged identity. */
  warnings: string[];
}

export function mergedIdentity(results: readonly RunResult[]): MergedIdentity {
  const identities = results.flatMap((r) => (r.identity ? [r.identity] : []));
  const [first] = identities;
  if (!first) return { warnings: [] };
  if (identities.length < results.length)
    return { warnings: ['some shards have no identity (schemaVersion 2): the merged run has none'] };
  const differ = (pick: (i: RunIdentity) => unknown): boolean =>
    identities.some((i) => !sameJson(pick(i) as JsonValue, pick(first) as JsonValue));
  const specs = mergedSpecs(identities);
  // What was tested (the agent, the spec files, the configuration) must be the same in every shard.
  const required = [
    ...(differ((i) => i.target) ? ['target'] : []),
    ...(specs ? [] : ['spec hashes']),
    ...(differ((i) => i.config) ? ['config'] : []),
  ];
  if (required.length || !specs)
    return { warnings: [`the shards' ${required.join(', ')} differ: the merged run has no identity`] };
  // Where it was tested from may differ (CI machines): that part is left out, and said.
  const gitDiffers = differ((i) => i.git);
  const hostDiffers = differ((i) => i.host);
  const identity: RunIdentity = {
    target: first.target,
    specs,
    config: first.config,
    ...(first.git && !gitDiffers ? { git: first.git } : {}),
    ...(first.host !== undefined && !hostDiffers ? { host: first.host } : {}),
  };
  const left = [...(gitDiffers ? ['git'] : []), ...(hostDiffers ? ['host'] : [])];
  return {
    identity,
    warnings: left.length ? [`the shards' ${left.join(', ')} differ: left out of the merged identity`] : [],
  };
}

/** Every shard's spec hashes as one map; undefined when a file has two different hashes. */
function mergedSpecs(identities: readonly RunIdentity[]): Record<string, string> | undefined {
  const specs: Record<string, string> = {};
  for (const i of identities)
    for (const [file, hash] of Object.entries(i.specs)) {
      if (specs[file] !== undefined && specs[file] !== hash) return undefined;
      specs[file] = hash;
    }
  return Object.fromEntries(Object.entries(specs).sort(([a], [b]) => a.localeCompare(b)));
}
