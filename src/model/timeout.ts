// The longest wait a timeout may ask for: Node's timers hold at most 2^31 - 1 ms (about 24.8 days)
// and fire at once past it (with a TimeoutOverflowWarning), and gRPC refuses deadlines far in the
// future by throwing where no caller can catch it. Every timeoutMs a user gives (flags, config,
// specs, the library) is checked against this bound where it comes in.
export const MAX_TIMEOUT_MS = 2_147_483_647;
