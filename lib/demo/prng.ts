// A small seeded PRNG for generated data: mulberry32 (Tommy Ettinger's 32-bit
// generator; period 2^32, plenty for demo and benchmark data, not for
// secrets). Every draw goes through a Random, so a seed fixes the output.

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

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed with labels into a new 32-bit seed (FNV-1a), so independent streams stay independent. */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const char of labels.join("/")) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

const hex = (value: number, digits: number) => (value >>> 0).toString(16).padStart(8, "0").slice(8 - digits);

export function createRandom(seed: number): Random {
  const next = mulberry32(seed);
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
