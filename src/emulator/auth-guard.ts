// `auth.token` guards every gRPC service the emulator serves (sessions, agents, inventory, and the
// platform's evaluations, operations and tools), not only the session calls: a call without
// `authorization: Bearer <token>` fails UNAUTHENTICATED before its handler runs.
import {
  status as GrpcStatus,
  type Server,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { EmulatorError } from './errors.js';

interface AnyCall {
  metadata: { get(key: string): unknown[] };
  emit(event: 'error', err: unknown): unknown;
}
type Handler = (call: AnyCall, callback?: unknown) => unknown;

/** The server's addService, with every handler of every service behind the token. */
export function guardedServices(server: Server, auth: { token: string } | undefined): Pick<Server, 'addService'> {
  return {
    addService(service: ServiceDefinition, impl: UntypedServiceImplementation) {
      server.addService(service, auth ? guard(impl, auth.token) : impl);
    },
  };
}

function guard(impl: UntypedServiceImplementation, token: string): UntypedServiceImplementation {
  const guarded: Record<string, Handler> = {};
  for (const [name, handler] of Object.entries(impl as Record<string, Handler>)) {
    guarded[name] = (call, callback) => {
      if (call.metadata.get('authorization')[0] === `Bearer ${token}`) return handler(call, callback);
      const error = new EmulatorError(
        GrpcStatus.UNAUTHENTICATED,
        'missing or invalid bearer token (the emulator was started with auth.token)',
      ).toServiceError();
      // Unary and client-streaming calls answer through the callback; the streaming ones emit.
      if (typeof callback === 'function') return (callback as (err: unknown) => void)(error);
      call.emit('error', error);
      return undefined;
    };
  }
  return guarded as unknown as UntypedServiceImplementation;
}
