// Errors the emulator answers with. Each carries the gRPC status a real server would send;
// the WebSocket bridge maps the same status onto a close code and reason.
import { status as GrpcStatus, Metadata } from '@grpc/grpc-js';
import { encodeRetryStatus, STATUS_DETAILS_KEY } from '../client/proto/index.js';

export class EmulatorError extends Error {
  readonly code: string;
  constructor(
    readonly grpcCode: GrpcStatus,
    message: string,
    readonly retryDelayMs?: number,
  ) {
    super(message);
    this.name = 'EmulatorError';
    this.code = `EMULATOR_${GrpcStatus[grpcCode]}`;
  }

  /** The grpc-js ServiceError shape: `details` is the status message, `metadata` the trailers. */
  toServiceError(): { code: GrpcStatus; details: string; message: string; metadata: Metadata } {
    const metadata = new Metadata();
    if (this.retryDelayMs !== undefined) {
      metadata.set(STATUS_DETAILS_KEY, encodeRetryStatus(this.grpcCode, this.message, this.retryDelayMs));
    }
    return { code: this.grpcCode, details: this.message, message: this.message, metadata };
  }
}

export const invalidArgument = (message: string): EmulatorError =>
  new EmulatorError(GrpcStatus.INVALID_ARGUMENT, message);
export const notFound = (message: string): EmulatorError => new EmulatorError(GrpcStatus.NOT_FOUND, message);
export const failedPrecondition = (message: string): EmulatorError =>
  new EmulatorError(GrpcStatus.FAILED_PRECONDITION, message);

/** Any thrown value → EmulatorError (an unexpected bug becomes INTERNAL with its message, never swallowed). */
export function asEmulatorError(err: unknown): EmulatorError {
  if (err instanceof EmulatorError) return err;
  if (err instanceof Error && (err as { code?: string }).code === 'PROTO_JSON_INVALID')
    return invalidArgument(err.message);
  return new EmulatorError(
    GrpcStatus.INTERNAL,
    `emulator internal error: ${err instanceof Error ? err.message : String(err)}`,
  );
}
