// A small seeded PRNG, hand-written on purpose: the generator must be byte-identical for a seed on
// every Node version and platform, must derive independent sub-streams per patient cheaply, and may
// not touch Math.random (STYLE.md §3). sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator,
// PractRand-clean up to 2^40+ bytes) seeded by cyrb128 (a 128-bit string hash) does that in ~30 lines.

/** cyrb128: a fast non-cryptographic 128-bit hash of a string, as four 32-bit words. */
export function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX[(n >>> 24) & 255]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;
}

/** Formats four 32-bit words as an RFC 9562 version-4-shaped UUID (version and variant bits set). */
export function uuidFromWords(a: number, b: number, c: number, d: number): string {
  const w1 = hex32(a);
  const w2 = hex32(((b & 0xffff0fff) | 0x00004000) >>> 0);
  const w3 = hex32(((c & 0x3fffffff) | 0x80000000) >>> 0);
  const w4 = hex32(d);
  return `${w1}-${w2.slice(0, 4)}-${w2.slice(4)}-${w3.slice(0, 4)}-${w3.slice(4)}${w4}`;
}

/** A deterministic UUID for a named thing (shared resources are addressed by name, not by draw order). */
export function stableUuid(key: string): string {
  const [a, b, c, d] = hash128(key);
  return uuidFromWords(a, b, c, d);
}

export interface WeightedChoice<T> {
  readonly value: T;
  readonly weight: number;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = hash128(seed);
    // Discard the first outputs so that similar seeds diverge (sfc32 reference practice).
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(choices: readonly WeightedChoice<T>[]): T {
    let total = 0;
    for (const choice of choices) total += choice.weight;
    let r = this.next() * total;
    for (const choice of choices) {
      r -= choice.weight;
      if (r < 0) return choice.value;
    }
    return choices[choices.length - 1]!.value;
  }

  /** Normal deviate by Box–Muller (one of the pair is dropped: simplicity over speed). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  uuid(): string {
    return uuidFromWords(this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32());
  }
}
