// Include fragments are read, parsed and checked once per load, whatever number of spec files include
// them (100 files including one 1 MB fragment parse it once, not 100 times), and what the run folds in
// across all its spec files is bounded (limits.includedBytes): an include fan-out is a clear error,
// never minutes of parsing or an out-of-memory abort.
import type { MatchStyle } from '../../model/spec.js';
import type { EnvValue } from '../../model/env-values.js';
import type { SpecError } from '../../validation/index.js';
import type { DocumentParts, SpecDocument } from './document.js';
import type { DataFileRows } from './each-rows.js';
import { readSource, type ReadResult } from './read-source.js';
import type { FileRoots } from './roots.js';

export interface CheckedFragment {
  read: ReadResult;
  /** Its parts to fold in (those without schema errors) unless it could not be read. */
  checked: { doc?: SpecDocument; parts?: DocumentParts; errors: SpecError[] };
}

export class FragmentCache {
  private readonly parsed = new Map<string, Promise<CheckedFragment>>();
  /** Fragment → the spec file (absolute) its conversations and tool tests were folded into first. */
  readonly runOwners = new Map<string, string>();
  /** Bytes of fragments folded in so far, across every spec file of the load (each inclusion counts). */
  includedBytes = 0;
  /** What `${env.NAME}` references put into any file of the load (spec or fragment): never shown in a message. */
  readonly envValues: EnvValue[] = [];

  constructor(
    readonly cwd: string,
    readonly env: NodeJS.ProcessEnv,
    readonly roots: FileRoots,
    private readonly check: (read: ReadResult) => CheckedFragment['checked'],
    /** The config's `match:`, for conversations whose file and own settings leave it open. */
    readonly match?: MatchStyle,
  ) {}

  private readonly dataFiles = new Map<string, Promise<DataFileRows>>();

  /** The rows of the `each:` data file at `abs`, read on first use (several conversations may share it). */
  data(abs: string, read: () => Promise<DataFileRows>): Promise<DataFileRows> {
    let entry = this.dataFiles.get(abs);
    if (!entry) {
      entry = read();
      this.dataFiles.set(abs, entry);
    }
    return entry;
  }

  /** The fragment at `abs`, read and checked on first use. */
  get(abs: string): Promise<CheckedFragment> {
    let entry = this.parsed.get(abs);
    if (!entry) {
      entry = readSource(abs, this.cwd, this.env, this.roots, this.envValues).then((read) => ({
        read,
        checked: this.check(read),
      }));
      this.parsed.set(abs, entry);
    }
    return entry;
  }
}
