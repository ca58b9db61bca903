// A cxas-scrapi user text: `<event>NAME</event>` as the whole text is an event (the form
// cxas-scrapi's project template uses for the first turn of goldens); anything else is text.
import type { TurnInputSpec } from '../../model/spec.js';

const EVENT_TEXT = /^\s*<event>\s*([^<>\s]+)\s*<\/event>\s*$/;

export function userTextInput(text: string): TurnInputSpec {
  const event = EVENT_TEXT.exec(text)?.[1];
  return event !== undefined ? { kind: 'event', event } : { kind: 'text', text };
}
