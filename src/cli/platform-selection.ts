// `platform run` selects what `run` selects for the same config and flags, through `run`'s own code:
// the options as the library resolves them (--tag over the config's `tags:`, the config's
// `excludeTags:` and `grep:`), the patterns checked by its `selectionOf`, and the given specs
// narrowed by the runner's plan (which adds the conversations a selected one runs after).
import type { Selection } from '../model/selection.js';
import type { SpecFile } from '../model/spec.js';
import { selectionOf, type EffectiveRunOptions } from '../library/index.js';
import { planRuns } from '../runner/index.js';
import { CliError, EXIT } from './exit-codes.js';

/** The run's selection; a pattern that does not compile is a usage error (exit 2), before any platform call. */
export function platformSelection(opts: EffectiveRunOptions): Selection {
  return {
    ...selectionOf({ grep: opts.grep, grepInvert: opts.grepInvert }),
    tags: opts.tags,
    excludeTags: opts.excludeTags,
  };
}

/**
 * The specs with only the conversations `run` would run with this selection (tool tests are not
 * platform evaluations: left as they are). Nothing selected is exit 2, as for `run`, before any
 * platform call.
 */
export function selectedSpecs(files: readonly SpecFile[], selection: Selection): SpecFile[] {
  const planned = new Set(planRuns(files, selection).runs.map((r) => r.spec.id));
  if (planned.size === 0)
    throw new CliError(
      "no conversations selected (check paths, --tag, and the config's tags, excludeTags and grep)",
      EXIT.usage,
    );
  return files.map((f) => ({ ...f, conversations: f.conversations.filter((c) => planned.has(c.id)) }));
}
