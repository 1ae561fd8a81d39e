// Retention: dropping a day partition of raw_events vs DELETE of the same
// rows, in the layout of supabase/migrations/20261130000210 (LIST by
// retention class, then RANGE by day). Each repetition fills two fresh day
// partitions of the 30-day class (far in the past, so nothing else touches
// them) with identical copies of N generated events — the first from the
// data set's own raw events re-timed into day A, the second a copy of day A
// shifted to day B — vacuums, analyzes and checkpoints, then times
// `DELETE … WHERE retention_days = 30 AND occurred_at in day A` (then the
// VACUUM that makes the space reusable), and the retention job itself,
// private.drop_expired_raw_event_partitions(), which finds day B past its
// class's retention and drops its partition (`DROP TABLE`, plus its catalog
// scan over every partition of every class). raw_event_keys is not part of
// either: its clean-up (expire_raw_event_keys) is the same in both designs.
import postgres from "postgres";
import { formatBytes, formatInt, formatMs, formatRatio, markdownTable, median, now } from "./stats";

export interface RetentionResult {
  rows: number;
  deleteMs: number;
  vacuumMs: number;
  dropMs: number;
  table: string;
}

const dayAfter = (day: string, n = 1) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function benchRetention(url: string, rows: number, reps: number, log: (message: string) => void): Promise<RetentionResult> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const deletes: number[] = [];
  const vacuums: number[] = [];
  const drops: number[] = [];
  const wal = { delete: [] as number[], vacuum: [] as number[], drop: [] as number[] };
  const lsn = async () => (await sql<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`)[0].lsn;
  const walSince = async (from: string) => Number((await sql<{ bytes: string }[]>`select pg_wal_lsn_diff(pg_current_wal_lsn(), ${from}::pg_lsn)::bigint::text as bytes`)[0].bytes);
  try {
    const [{ available }] = await sql<{ available: number }[]>`select count(*)::int as available from public.raw_events where occurred_at > '2002-01-01'`;
    if (available === 0) throw new Error("no raw events to copy into the retention partitions");
    // Partitions already past their retention (e.g. the data set's oldest day) go first, unmeasured, so each measured run drops exactly day B.
    await sql`select private.drop_expired_raw_event_partitions()`;
    for (let rep = 0; rep < reps; rep++) {
      const dayA = dayAfter("2001-01-01", 2 * rep);
      const dayB = dayAfter(dayA);
      const partition = (day: string) => `raw_events_r0030_${day.replace(/-/g, "")}`;
      await sql`select private.create_raw_event_partitions(30, ${dayA}::date, ${dayB}::date)`;
      // Day A: N of the generated events (cycled if there are fewer), keeping their time of day.
      await sql`
        insert into public.raw_events (organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id,
          duration_seconds, score, context, source, idempotency_key, occurred_at, received_at, retention_days)
        select e.organization_id, e.user_id, e.event_type, e.course_id, e.lesson_id, e.assessment_id, e.task_id,
          e.duration_seconds, e.score, e.context, e.source, e.idempotency_key || ':retention:' || g.n,
          ${dayA}::timestamptz + (e.occurred_at at time zone 'UTC' - date_trunc('day', e.occurred_at at time zone 'UTC')), now(), 30
        from generate_series(0, ${Math.ceil(rows / Math.min(rows, available)) - 1}) as g(n)
        cross join (select * from public.raw_events where occurred_at > '2002-01-01' limit ${Math.min(rows, available)}) e
        limit ${rows}`;
      // Day B: the same rows, one day later.
      await sql`
        insert into public.raw_events (organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id,
          duration_seconds, score, context, source, idempotency_key, occurred_at, received_at, retention_days)
        select organization_id, user_id, event_type, course_id, lesson_id, assessment_id, task_id,
          duration_seconds, score, context, source, idempotency_key, occurred_at + interval '1 day', received_at, 30
        from ${sql(partition(dayA))}`;
      const [{ a, b }] = await sql<{ a: number; b: number }[]>`select
        (select count(*) from ${sql(partition(dayA))})::int as a, (select count(*) from ${sql(partition(dayB))})::int as b`;
      if (a !== rows || b !== rows) throw new Error(`retention partitions hold ${a} and ${b} rows, expected ${rows} each`);
      await sql`vacuum (analyze) ${sql(partition(dayA))}, ${sql(partition(dayB))}`;
      await sql`checkpoint`;

      let walStart = await lsn();
      let start = now();
      const deleted = await sql`delete from public.raw_events where retention_days = 30 and occurred_at >= ${dayA}::timestamptz and occurred_at < ${dayB}::timestamptz`;
      deletes.push(now() - start);
      wal.delete.push(await walSince(walStart));
      if (deleted.count !== rows) throw new Error(`DELETE removed ${deleted.count} rows, expected ${rows}`);
      walStart = await lsn();
      start = now();
      await sql`vacuum ${sql(partition(dayA))}`;
      vacuums.push(now() - start);
      wal.vacuum.push(await walSince(walStart));
      await sql`drop table ${sql(partition(dayA))}`;
      await sql`checkpoint`;

      walStart = await lsn();
      start = now();
      const [{ dropped }] = await sql<{ dropped: number }[]>`select private.drop_expired_raw_event_partitions() as dropped`;
      drops.push(now() - start);
      wal.drop.push(await walSince(walStart));
      if (dropped !== 1) throw new Error(`the drop job dropped ${dropped} partitions, expected 1 (day B's)`);
      log(`retention ${rep + 1}/${reps}: DELETE ${formatMs(deletes[rep])} (+ VACUUM ${formatMs(vacuums[rep])}), DROP ${formatMs(drops[rep])}`);
    }
  } finally {
    await sql.end();
  }
  const deleteMs = median(deletes);
  const vacuumMs = median(vacuums);
  const dropMs = median(drops);
  const walDrop = median(wal.drop);
  const walDelete = median(wal.delete);
  const walBoth = median(wal.delete.map((bytes, i) => bytes + wal.vacuum[i]));
  const table = markdownTable(
    ["retention of one day partition", "rows", `time (median of ${reps})`, "time vs DROP", "WAL written"],
    [
      ["drop_expired_raw_event_partitions(): DROP TABLE raw_events_r0030_YYYYMMDD", formatInt(rows), formatMs(dropMs), "1×", formatBytes(walDrop)],
      ["DELETE FROM raw_events WHERE retention_days = 30 AND occurred_at in that day", formatInt(rows), formatMs(deleteMs), formatRatio(deleteMs / dropMs), formatBytes(walDelete)],
      ["DELETE, then the VACUUM that makes the space reusable", formatInt(rows), formatMs(deleteMs + vacuumMs), formatRatio((deleteMs + vacuumMs) / dropMs), formatBytes(walBoth)],
    ],
    ["l", "r", "r", "r", "r"],
  );
  return { rows, deleteMs, vacuumMs, dropMs, table };
}
