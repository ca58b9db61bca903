// ITU-T G.711 µ-law and A-law, written from the recommendation's segment/mantissa description
// (the same arithmetic as the classic public-domain Sun g711.c). Samples are 16-bit signed.
// Decoding uses 256-entry tables; encoding computes per sample (cheap integer arithmetic).

const MULAW_BIAS = 0x84; // 132: shifts the µ-law curve so segment 0 starts at zero
const MULAW_CLIP = 32635; // largest magnitude that still fits after adding the bias

export function linearToMulaw(sample: number): number {
  let magnitude = sample < 0 ? -sample : sample;
  const sign = sample < 0 ? 0x80 : 0;
  if (magnitude > MULAW_CLIP) magnitude = MULAW_CLIP;
  magnitude += MULAW_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (magnitude >> (exponent + 3)) & 0x0f;
  // Bits are transmitted inverted (keeps the line busy with ones during silence).
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function mulawToLinearSlow(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + MULAW_BIAS) << exponent) - MULAW_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** A-law segment end points on the 13-bit magnitude scale. */
const ALAW_SEGMENT_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];

export function linearToAlaw(sample: number): number {
  let value = sample >> 3; // A-law works on 13 bits
  let mask: number;
  if (value >= 0) {
    mask = 0xd5; // sign bit set for positive values, even bits inverted (0x55)
  } else {
    mask = 0x55;
    value = -value - 1;
  }
  let segment = 0;
  while (segment < 8 && value > (ALAW_SEGMENT_END[segment] ?? 0)) segment++;
  if (segment >= 8) return 0x7f ^ mask;
  const shift = segment < 2 ? 1 : segment;
  return ((segment << 4) | ((value >> shift) & 0x0f)) ^ mask;
}

function alawToLinearSlow(code: number): number {
  const a = code ^ 0x55;
  let magnitude = (a & 0x0f) << 4;
  const segment = (a & 0x70) >> 4;
  // Reconstruct at the middle of the quantisation interval.
  if (segment === 0) magnitude += 8;
  else magnitude = (magnitude + 0x108) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

const MULAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => mulawToLinearSlow(code));
const ALAW_TABLE = Int16Array.from({ length: 256 }, (_, code) => alawToLinearSlow(code));

export function mulawToLinear(code: number): number {
  return MULAW_TABLE[code & 0xff] ?? 0;
}

export function alawToLinear(code: number): number {
  return ALAW_TABLE[code & 0xff] ?? 0;
}
