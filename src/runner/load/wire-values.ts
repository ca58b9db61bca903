// Values the schema accepts but the wire cannot carry, refused where they are written instead of
// failing every run of the conversation later (at its first turn, or only once the agent calls a
// faked tool): malformed resource names, time zones the runtime does not know, non-finite numbers
// (YAML .inf / .nan) where a protobuf Struct goes.
import type { SpecError } from '../../validation/index.js';
import { childNameProblem } from '../../model/resource-names.js';
import type { SettingsDocument, TurnDocument } from './document.js';
import type { KeyPath, Source } from './source.js';

/** Settings of `defaults` and of a conversation. An empty string is no value (the runner sends none). */
export function checkSettingValues(source: Source, s: SettingsDocument, at: KeyPath, errors: SpecError[]): void {
  checkChildName(source, 'deployments', s.deploymentId, [...at, 'deploymentId'], errors, fileApp(source));
  checkChildName(source, 'agents', s.entryAgent, [...at, 'entryAgent'], errors);
  if (s.timeZone) {
    const problem = timeZoneProblem(s.timeZone);
    if (problem) errors.push(source.error('BAD_VALUE', [...at, 'timeZone'], problem));
  }
  checkFinite(source, s.variables, [...at, 'variables'], errors);
  checkFinite(source, s.history, [...at, 'history'], errors);
  (s.toolFakes ?? []).forEach((fake, i) => {
    const fakeAt = [...at, 'toolFakes', i];
    checkFinite(source, fake.respond, [...fakeAt, 'respond'], errors);
    checkFinite(source, fake.error, [...fakeAt, 'error'], errors);
    checkFinite(source, fake.sequence, [...fakeAt, 'sequence'], errors);
  });
  const history = s.history;
  if (history && !Array.isArray(history) && 'conversation' in history)
    checkChildName(source, 'conversations', history.conversation, [...at, 'history', 'conversation'], errors);
}

/** A turn's variables and tool responses, sent as Structs, and the tools those responses name. */
export function checkTurnValues(source: Source, turn: TurnDocument, at: KeyPath, errors: SpecError[]): void {
  checkFinite(source, turn.variables, [...at, 'variables'], errors);
  (turn.toolResponses ?? []).forEach((r, i) => {
    checkChildName(source, 'tools', r.tool, [...at, 'toolResponses', i, 'tool'], errors);
    checkFinite(source, r.response, [...at, 'toolResponses', i, 'response'], errors);
  });
}

function checkChildName(
  source: Source,
  collection: string,
  value: string | undefined,
  at: KeyPath,
  errors: SpecError[],
  ownApp?: string,
): void {
  if (value === undefined || value === '') return;
  const problem = childNameProblem(collection, value, String(at[at.length - 1]), ownApp);
  if (problem) errors.push(source.error('BAD_VALUE', at, problem));
}

/** The file's own `app:`: a deployment of another app is one the run cannot use. */
function fileApp(source: Source): string | undefined {
  const app = (source.value as { app?: unknown } | null)?.app;
  return typeof app === 'string' && app !== '' ? app : undefined;
}

const knownZones = new Map<string, boolean>();

/** The runtime's ICU decides (the same IANA database CES reads); a name is checked once per process. */
function timeZoneProblem(zone: string): string | undefined {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(zone, known);
  }
  return known ? undefined : `timeZone "${zone}" is not an IANA time zone (such as America/New_York or UTC)`;
}

/** Every number under `value` must be finite: a protobuf Value has no Infinity or NaN. */
function checkFinite(source: Source, value: unknown, at: KeyPath, errors: SpecError[]): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      const spelt = yamlSpelling(value);
      const text = `${spelt} cannot be sent: numbers on the wire are finite (a quoted string can carry it)`;
      errors.push(source.error('BAD_VALUE', at, text));
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkFinite(source, v, [...at, i], errors));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkFinite(source, v, [...at, k], errors);
  }
}

/** A non-finite number as YAML writes it. */
function yamlSpelling(n: number): string {
  return Number.isNaN(n) ? '.nan' : n > 0 ? '.inf' : '-.inf';
}
