// SessionInputs (canonical JSON) → one turn's TurnInputs plus the user message chunks recorded
// in diagnosticInfo. Malformed input is INVALID_ARGUMENT with the offending path.
import type { JsonObject } from '../model/json.js';
import { isJsonObject } from '../model/json.js';
import { unrecognizedSpeechLine } from '../model/speech-key.js';
import { invalidArgument } from './errors.js';
import type { TurnInputs } from './match.js';

const MEMBERS = ['text', 'dtmf', 'audio', 'toolResponses', 'image', 'blob', 'variables', 'event'];

export interface ParsedInputs {
  inputs: TurnInputs;
  userChunks: JsonObject[];
  /** Conversation.InputType names seen, for ListConversations/GetConversation. */
  inputTypes: string[];
}

const INPUT_TYPE: Record<string, string> = {
  text: 'INPUT_TYPE_TEXT',
  dtmf: 'INPUT_TYPE_TEXT',
  audio: 'INPUT_TYPE_AUDIO',
  toolResponses: 'INPUT_TYPE_TOOL_RESPONSE',
  image: 'INPUT_TYPE_IMAGE',
  blob: 'INPUT_TYPE_BLOB',
  variables: 'INPUT_TYPE_VARIABLES',
  event: 'INPUT_TYPE_EVENT',
};

/** Short tool name from `projects/../tools/x`, `x`, or a toolsetTool's toolId. */
function toolNameOf(response: JsonObject): string | undefined {
  if (typeof response['tool'] === 'string' && response['tool'])
    return response['tool'].slice(response['tool'].lastIndexOf('/') + 1);
  const toolset = response['toolsetTool'];
  return isJsonObject(toolset) && typeof toolset['toolId'] === 'string' ? toolset['toolId'] : undefined;
}

/** An utterance that ended on a bidi audio stream: recognised text, or none (unrecognized). */
export interface Speech {
  transcript?: string;
  /** Its transcript key (src/audio/fingerprint.ts), named in the user message when not recognised. */
  key?: string;
}

export function parseInputs(list: JsonObject[], where = 'inputs', speech?: Speech): ParsedInputs {
  if (list.length === 0 && !speech) throw invalidArgument(`${where}: at least one SessionInput is required`);
  const parsed: ParsedInputs = { inputs: { blobs: [], images: [], toolResponses: [] }, userChunks: [], inputTypes: [] };
  list.forEach((input, i) => addInput(parsed, input, `${where}[${i}]`));
  if (speech) addSpeech(parsed, speech);
  return parsed;
}

/** The utterance routes like text; diagnosticInfo records it as a transcript chunk. */
function addSpeech(parsed: ParsedInputs, speech: Speech): void {
  parsed.inputTypes.push(INPUT_TYPE['audio']!);
  if (speech.transcript === undefined) {
    parsed.inputs.unrecognized = true;
    // Decision: a bracketed text chunk, like events; it tells the author which key to add to `transcripts`.
    if (speech.key !== undefined) parsed.userChunks.push({ text: unrecognizedSpeechLine(speech.key) });
    return;
  }
  const { inputs } = parsed;
  inputs.text = inputs.text === undefined ? speech.transcript : `${inputs.text} ${speech.transcript}`;
  parsed.userChunks.push({ transcript: speech.transcript });
}

function addInput(parsed: ParsedInputs, input: JsonObject, where: string): void {
  const member = MEMBERS.find((m) => input[m] !== undefined);
  if (!member) throw invalidArgument(`${where}: a SessionInput needs one of ${MEMBERS.join(', ')}`);
  parsed.inputTypes.push(INPUT_TYPE[member]!);
  const { inputs, userChunks } = parsed;
  const value = input[member];
  switch (member) {
    case 'text':
      inputs.text = inputs.text === undefined ? String(value) : `${inputs.text} ${String(value)}`;
      userChunks.push({ text: String(value) });
      return;
    case 'dtmf':
      inputs.dtmf = String(value);
      userChunks.push({ text: String(value) });
      return;
    case 'audio':
      // Audio is a continuous stream that needs endpointing: only BidiRunSession takes it (bidi-audio.ts).
      throw invalidArgument(`${where}.audio: audio input is only supported on BidiRunSession`);
    case 'event':
      return addEvent(parsed, value as JsonObject, where);
    case 'blob':
    case 'image':
      return addMedia(parsed, member, value as JsonObject, `${where}.${member}`);
    case 'variables':
      inputs.variables = { ...inputs.variables, ...(value as JsonObject) };
      // Decision: recorded as a defaultVariables chunk (which clients do not read as the agent's updates),
      // so a conversation record says what the caller set and `import conversations` can replay it.
      userChunks.push({ defaultVariables: value as JsonObject });
      return;
    case 'toolResponses':
      return addToolResponses(parsed, value as JsonObject, `${where}.toolResponses`);
  }
}

function addEvent(parsed: ParsedInputs, event: JsonObject, where: string): void {
  const name = event['event'];
  if (typeof name !== 'string' || name.trim() === '')
    throw invalidArgument(`${where}.event.event: the event name must not be empty`);
  parsed.inputs.event = name;
  // Decision: CES's rendering of events in diagnosticInfo is unknown; we record a bracketed text.
  parsed.userChunks.push({ text: `[event: ${name}]` });
}

/** The image types CES takes (Image.mime_type in the protos); a blob takes any. */
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

function addMedia(parsed: ParsedInputs, kind: 'blob' | 'image', media: JsonObject, where: string): void {
  const mimeType = media['mimeType'];
  if (typeof mimeType !== 'string' || mimeType === '') throw invalidArgument(`${where}.mimeType is required`);
  if (kind === 'image' && !IMAGE_TYPES.includes(mimeType))
    throw invalidArgument(`${where}.mimeType: "${mimeType}" is not a supported image type (${IMAGE_TYPES.join(', ')})`);
  if (typeof media['data'] !== 'string' || media['data'] === '') throw invalidArgument(`${where}.data is required`);
  const item = { mimeType, data: media['data'] };
  (kind === 'blob' ? parsed.inputs.blobs : parsed.inputs.images).push(item);
  parsed.userChunks.push({ [kind]: item });
}

function addToolResponses(parsed: ParsedInputs, wrapper: JsonObject, where: string): void {
  const responses = wrapper['toolResponses'];
  if (!Array.isArray(responses) || responses.length === 0)
    throw invalidArgument(`${where}.toolResponses: at least one ToolResponse is required`);
  responses.forEach((r, i) => {
    const at = `${where}.toolResponses[${i}]`;
    const response = r as JsonObject;
    if (!isJsonObject(response['response']))
      throw invalidArgument(`${at}.response is required (put the result under "output" or a failure under "error")`);
    const tool = toolNameOf(response);
    if (!tool && typeof response['id'] !== 'string')
      throw invalidArgument(`${at}: a ToolResponse needs an id or a tool`);
    const id = typeof response['id'] === 'string' ? response['id'] : undefined;
    parsed.inputs.toolResponses.push({
      ...(id !== undefined ? { id } : {}),
      tool: tool ?? '',
      response: response['response'],
    });
    parsed.userChunks.push({ toolResponse: response });
  });
}
