// A small seeded PRNG for generated data: sfc32 (Chris Doty-Humphrey's Small
// Fast Counter: 128 bits of state, passes PractRand; not for secrets), its
// state derived from the seed and labels by the cyrb128 hash. Every draw goes
// through a Random, so a seed fixes the output.
//
// Why not a 32-bit generator: the generator gives every learner of every
// organization its own stream. With mulberry32 (whose state is one 32-bit
// counter) any two streams are the same sequence shifted, and among the tens
// of thousands of streams of a benchmark data set some start only a few draws
// apart: they repeat each other's UUIDs (duplicate primary keys at 100
// organizations × 100 learners) and their learners behave identically. A
// 32-bit seed alone would also collide (birthday bound ~65k streams). With
// 128-bit states, streams from different labels never meet in practice.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items, in a random order. */
  sample<T>(items: readonly T[], count: number): T[];
  /** Roughly normal (Irwin–Hall of 4 uniforms) with the given mean and standard deviation. */
  normal(mean: number, sd: number): number;
  /** A version-4-shaped UUID drawn from this stream. */
  uuid(): string;
}

/** The 128-bit state of a stream: four 32-bit words. */
export type Seed = readonly [number, number, number, number];

/** sfc32 over the given state; returns uniform floats in [0, 1) with 32 random bits each. */
export function sfc32(seed: Seed): () => number {
  let [a, b, c, d] = seed.map((word) => word >>> 0);
  const next = () => {
    const t0 = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const t = (t0 + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // The first outputs of a fresh state are poorly mixed: skip them, as sfc32's author recommends.
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** cyrb128 (bryc): a fast 128-bit non-cryptographic hash of a string, to seed sfc32. */
function cyrb128(text: string): Seed {
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

/** The state of the stream named by a seed and labels, so independent streams stay independent. */
export function deriveSeed(seed: number, ...labels: (string | number)[]): Seed {
  return cyrb128([seed >>> 0, ...labels].join("/"));
}

const hex = (value: number, digits: number) => (value >>> 0).toString(16).padStart(8, "0").slice(8 - digits);

/** A stream from a seed (as `deriveSeed(seed)`) or from a derived state. */
export function createRandom(seed: number | Seed): Random {
  const next = sfc32(typeof seed === "number" ? deriveSeed(seed) : seed);
  const word = () => Math.floor(next() * 4294967296);
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (probability) => next() < probability,
    pick: (items) => items[Math.floor(next() * items.length)],
    sample: (items, count) => {
      const pool = [...items];
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      return pool.slice(0, Math.min(count, pool.length));
    },
    normal: (mean, sd) => mean + sd * ((next() + next() + next() + next() - 2) / Math.sqrt(4 / 12)),
    uuid: () => {
      const [a, b, c, d] = [word(), word(), word(), word()];
      const version = (0x4000 | (b & 0x0fff)) >>> 0;
      const variant = (0x8000 | ((c >>> 16) & 0x3fff)) >>> 0;
      return `${hex(a, 8)}-${hex(b >>> 16, 4)}-${hex(version, 4)}-${hex(variant, 4)}-${hex(c, 4)}${hex(d, 8)}`;
    },
  };
  return random;
}
