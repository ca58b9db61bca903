// The constructs one conversation uses, each looked up in the fidelity table: what push prints
// (every row with --dry-run, the refused ones always) and what decides whether it is pushed.
import { FIDELITY, fidelityText, isCarried, type FidelityKey } from './fidelity.js';

export interface ConstructUse {
  key: FidelityKey;
  /** Where in the conversation, e.g. `turns[2].expect[1]`. */
  where: string;
  carried: boolean;
  /** The platform field it became, or why it was refused. */
  text: string;
}

export class ConstructUses {
  readonly list: ConstructUse[] = [];

  /** Records a construct met at `where`; true when the table carries it. */
  use(key: FidelityKey, where: string): boolean {
    const carried = isCarried(key);
    this.list.push({ key, where, carried, text: fidelityText(key) });
    return carried;
  }

  /** Records every key; true when all are carried. */
  useAll(keys: FidelityKey[], where: string): boolean {
    return keys.map((k) => this.use(k, where)).every(Boolean);
  }

  get refused(): ConstructUse[] {
    return this.list.filter((u) => !u.carried);
  }
}

/** `turns[1].expect[0] (textMatcher.matches): the platform has no regular expressions`. */
export const describeUse = (u: ConstructUse): string => `${u.where} (${u.key}): ${u.text}`;

/** A property key of the table for a schema $def, when the table has one. */
export function keyOf(def: string, property: string): FidelityKey | undefined {
  const key = `${def}.${property}`;
  if (key in FIDELITY) return key as FidelityKey;
  const wildcard = `${def}.*`;
  return wildcard in FIDELITY ? (wildcard as FidelityKey) : undefined;
}
