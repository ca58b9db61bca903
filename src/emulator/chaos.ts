// Seeded latency and fault injection, so a run with the same seed fails the same way.
// Faults are decided BEFORE a turn touches session state: a retried conversation then sees a
// clean failure, never a half-applied turn.
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { FaultSpec, LatencySpec } from './app.js';
import { EmulatorError } from './errors.js';

/** mulberry32: a tiny, well-distributed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEFAULT_FAULTS: FaultSpec = {
  unavailable: 0,
  resourceExhausted: 0,
  retryDelayMs: 1000,
  dropStream: 0,
  quotaTurnsPerSecond: null,
  goAway: 0,
  stallTurn: 0,
};

/** Rounding slack of the quota bucket's refills, in tokens. */
const TOKEN_ROUNDING = 1e-9;

/**
 * The quota bucket's capacity: `rate` tokens, and never less than the one token a turn needs, or a
 * fractional rate (0.5 turns per second) would never let a turn through; with the bucket holding
 * one token it refills in 1/rate seconds, one turn every two seconds at 0.5.
 */
function burstOf(rate: number | null): number {
  return rate === null || rate <= 0 ? 0 : Math.max(1, rate);
}

/** What to do with one turn before it runs. */
export type FaultDecision = { kind: 'none' } | { kind: 'error'; error: EmulatorError } | { kind: 'drop' };

export class Chaos {
  private readonly random: () => number;
  private tokens: number;
  private lastRefill = performance.now();

  constructor(
    seed: number,
    private readonly latency: LatencySpec | undefined,
    private readonly faults: FaultSpec,
  ) {
    this.random = mulberry32(seed);
    this.tokens = burstOf(faults.quotaTurnsPerSecond);
  }

  /** Rolls every fault kind in a fixed order so the RNG sequence is reproducible. */
  decide(): FaultDecision {
    const f = this.faults;
    if (f.unavailable > 0 && this.random() < f.unavailable) {
      return {
        kind: 'error',
        error: new EmulatorError(GrpcStatus.UNAVAILABLE, 'emulator fault: service unavailable (injected)'),
      };
    }
    if (f.resourceExhausted > 0 && this.random() < f.resourceExhausted) {
      return {
        kind: 'error',
        error: new EmulatorError(
          GrpcStatus.RESOURCE_EXHAUSTED,
          'emulator fault: resource exhausted (injected)',
          f.retryDelayMs,
        ),
      };
    }
    if (f.dropStream > 0 && this.random() < f.dropStream) return { kind: 'drop' };
    const quotaError = this.takeQuotaToken();
    return quotaError ? { kind: 'error', error: quotaError } : { kind: 'none' };
  }

  /** Rolled after a bidi turn completes; never consumes randomness when the fault is off. */
  goAway(): boolean {
    return this.faults.goAway > 0 && this.random() < this.faults.goAway;
  }

  /** Rolled before a bidi turn runs; never consumes randomness when the fault is off. */
  stallTurn(): boolean {
    return this.faults.stallTurn > 0 && this.random() < this.faults.stallTurn;
  }

  private takeQuotaToken(): EmulatorError | undefined {
    const rate = this.faults.quotaTurnsPerSecond;
    if (rate === null || rate <= 0) return undefined;
    const now = performance.now();
    this.tokens = Math.min(burstOf(rate), this.tokens + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
    // Refills summed over uneven intervals fall short of a whole token by rounding: a client that
    // waited the hinted delay must get through.
    if (this.tokens >= 1 - TOKEN_ROUNDING) {
      this.tokens = Math.max(0, this.tokens - 1);
      return undefined;
    }
    const waitMs = Math.ceil(((1 - this.tokens) / rate) * 1000);
    return new EmulatorError(
      GrpcStatus.RESOURCE_EXHAUSTED,
      `emulator quota exceeded: ${rate} turn${rate === 1 ? '' : 's'} per second`,
      waitMs,
    );
  }

  /** Simulated model latency for one turn, in ms. */
  latencyMs(): number {
    const l = this.latency;
    if (l === undefined) return 0;
    if (typeof l === 'number') return Math.max(0, l);
    if ('min' in l) return l.min + this.random() * (l.max - l.min);
    // Box-Muller: a normal sample from two uniforms.
    const u = Math.max(this.random(), Number.EPSILON);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
    return Math.max(0, l.mean + z * l.stddev);
  }
}
