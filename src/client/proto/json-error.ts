// The one error the proto3 JSON converter raises: a message naming the JSON path at fault.
export class ProtoJsonError extends Error {
  readonly code = 'PROTO_JSON_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ProtoJsonError';
  }
}
