// Command-line options of `npm run bench` and the two preset sizes.
//   npm run bench                      small (the default): a few minutes on 2 cores
//   npm run bench -- --size large      ≥ 100 orgs, ≥ 50k learners, ≥ 5M raw events (slower)
//   npm run bench -- --orgs 3 --learners 100 …   any preset value can be overridden
export interface BenchOptions {
  size: "small" | "large";
  /** Organizations generated. */
  orgs: number;
  /** Learners per organization (trainers: one per 50 learners, at least 2; one org admin). */
  learners: number;
  /** Days of generated history per organization (lib/demo/generator.ts). */
  days: number;
  /** Base seed of the generator; organization k uses seed + k. */
  seed: number;
  /** Events posted through POST /api/v1/events (in batches of 1,000) and copied with COPY. */
  ingestEvents: number;
  /** Concurrent HTTP clients posting batches. */
  clients: number;
  /** Measured runs of each dashboard query, per mode (RLS / service role). */
  iterations: number;
  /** Rows generated into each day partition of the retention benchmark. */
  retentionRows: number;
  /** Repetitions of the retention benchmark (median reported). */
  retentionReps: number;
  /** Run `next build` even when .next/BUILD_ID exists. */
  build: boolean;
}

export const BATCH_SIZE = 1_000;

const PRESETS: Record<BenchOptions["size"], Omit<BenchOptions, "size" | "build">> = {
  small: { orgs: 5, learners: 500, days: 365, seed: 20261122, ingestEvents: 20_000, clients: 4, iterations: 200, retentionRows: 100_000, retentionReps: 3 },
  // ≥ 100 orgs, ≥ 50k learners (65,000) and ≥ 5M raw events (≈ 83 a learner over a year: ≈ 5.4M).
  large: { orgs: 100, learners: 650, days: 365, seed: 20261122, ingestEvents: 100_000, clients: 4, iterations: 200, retentionRows: 1_000_000, retentionReps: 3 },
};

const LIMITS: Record<string, [number, number]> = {
  orgs: [1, 1_000],
  learners: [10, 5_000],
  days: [14, 3_000],
  seed: [0, 2 ** 32 - 1],
  ingestEvents: [BATCH_SIZE, 2_000_000],
  clients: [1, 32],
  iterations: [5, 10_000],
  retentionRows: [1_000, 20_000_000],
  retentionReps: [1, 20],
};

export const USAGE = `Usage: npm run bench [-- options]

  --size small|large      preset (default small: ${describe("small")};
                          large: ${describe("large")})
  --orgs N                organizations
  --learners N            learners per organization
  --days N                days of generated history
  --seed N                generator seed (organization k uses seed + k)
  --ingest-events N       events posted through the API (batches of ${BATCH_SIZE}) and copied with COPY
  --clients N             concurrent HTTP clients
  --iterations N          measured runs per dashboard query and mode
  --retention-rows N      rows per day partition in the retention benchmark
  --retention-reps N      repetitions of the retention benchmark
  --build                 run \`next build\` even if .next/BUILD_ID exists (it runs anyway when it is missing)
  --help`;

function describe(size: BenchOptions["size"]) {
  const p = PRESETS[size];
  return `${p.orgs} orgs × ${p.learners} learners, ${p.days} days, ${p.ingestEvents.toLocaleString("en-US")} API events`;
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function parseOptions(argv: string[]): BenchOptions | "help" {
  const given: Record<string, string> = {};
  let build = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--build") {
      build = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument ${arg}\n\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value`);
    given[camel(match[1])] = value;
  }
  const size = (given.size ?? "small") as BenchOptions["size"];
  if (!(size in PRESETS)) throw new Error(`--size must be small or large, got ${given.size}`);
  delete given.size;
  const options: BenchOptions = { size, build, ...PRESETS[size] };
  for (const [key, raw] of Object.entries(given)) {
    if (!(key in LIMITS)) throw new Error(`Unknown option --${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}\n\n${USAGE}`);
    const value = Number(raw);
    const [min, max] = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${key} must be an integer in [${min}, ${max}], got ${raw}`);
    (options as unknown as Record<string, number>)[key] = value;
  }
  return options;
}
