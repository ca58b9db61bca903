// proto3 allows at most one member of a oneof to be set: both the proto3 JSON mapping (json.ts)
// and the client's wire conversion (../wire.ts) refuse an object that sets two.
import type protobuf from 'protobufjs';

export interface OneofClash {
  oneof: string;
  /** The members set, quoted and joined: `"text" and "event"`. */
  members: string;
}

/** The first oneof of `type` that `obj` sets more than one member of (null counts as unset). */
export function oneofClash(type: protobuf.Type, obj: Record<string, unknown>): OneofClash | undefined {
  for (const oneof of type.oneofsArray) {
    const set = oneof.oneof.filter((name) => obj[name] !== undefined && obj[name] !== null);
    if (set.length > 1) return { oneof: oneof.name, members: set.map((s) => `"${s}"`).join(' and ') };
  }
  return undefined;
}
