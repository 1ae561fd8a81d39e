// A learner's analytics, read by their own home, their trainers' drill-down
// and org admins: points and level, streaks, achievements, daily activity,
// the latest six-category snapshot, the drop-off prediction, the org
// leaderboard and peer comparison, and the learner's own privacy choices.
// Every function runs in the caller's RLS-scoped transaction (withUserDb /
// withOrgDb): reading another learner's rows returns nothing unless RLS lets
// the caller (their trainer, an org admin). Only rollups, snapshots and the
// analytics.* functions over materialized views are read, never raw_events.
import { and, desc, eq, gt, sql } from "drizzle-orm";
import type { Tx } from "../client";
import {
  achievements,
  learnerAnalyticsSnapshots,
  learnerDailyRollups,
  predictiveAnalyticsCache,
  userAchievements,
  userPoints,
  userPreferences,
} from "../schema";
import type { LeaderboardPeriod, PreferencesInput } from "@/lib/validation/analytics";

type Learner = { organizationId: string; userId: string };

/** Points needed to reach level n: 100 · n(n−1)/2 (analytics.level_for_points). */
export function pointsForLevel(level: number): number {
  return (100 * level * (level - 1)) / 2;
}

/** Points, level with progress to the next, and streaks (zeros before the first rollup). */
export async function getPointsSummary(tx: Tx, input: Learner) {
  const [row] = await tx
    .select()
    .from(userPoints)
    .where(and(eq(userPoints.organizationId, input.organizationId), eq(userPoints.userId, input.userId)));
  const total = row?.totalPoints ?? 0;
  const level = row?.level ?? 1;
  const floor = pointsForLevel(level);
  const next = pointsForLevel(level + 1);
  return {
    totalPoints: total,
    level,
    levelStartsAt: floor,
    nextLevelAt: next,
    pointsToNextLevel: next - total,
    levelProgressPercent: Math.round((1000 * (total - floor)) / (next - floor)) / 10,
    currentStreak: row?.currentStreak ?? 0,
    longestStreak: row?.longestStreak ?? 0,
    lastActiveDay: row?.lastActiveDay ?? null,
  };
}

/** Achievements earned, newest first. */
export function listEarnedAchievements(tx: Tx, input: Learner & { limit?: number }) {
  return tx
    .select({
      id: achievements.id,
      key: achievements.key,
      name: achievements.name,
      description: achievements.description,
      icon: achievements.icon,
      tier: achievements.tier,
      earnedAt: userAchievements.earnedAt,
    })
    .from(userAchievements)
    .innerJoin(achievements, eq(achievements.id, userAchievements.achievementId))
    .where(and(eq(userAchievements.organizationId, input.organizationId), eq(userAchievements.userId, input.userId)))
    .orderBy(desc(userAchievements.earnedAt), achievements.name)
    .limit(input.limit ?? 20);
}

/** Daily rollups of the last `days` days (UTC), oldest first; days without activity are absent. */
export function listDailyActivity(tx: Tx, input: Learner & { days: number }) {
  return tx
    .select({
      day: learnerDailyRollups.day,
      events: learnerDailyRollups.events,
      activeMinutes: learnerDailyRollups.activeMinutes,
      sessions: learnerDailyRollups.sessions,
      eventsByType: learnerDailyRollups.eventsByType,
      lessonsCompleted: learnerDailyRollups.lessonsCompleted,
      assessmentsSubmitted: learnerDailyRollups.assessmentsSubmitted,
      avgScore: learnerDailyRollups.avgScore,
      points: learnerDailyRollups.points,
    })
    .from(learnerDailyRollups)
    .where(
      and(
        eq(learnerDailyRollups.organizationId, input.organizationId),
        eq(learnerDailyRollups.userId, input.userId),
        gt(learnerDailyRollups.day, sql`(now() at time zone 'utc')::date - ${input.days}::integer`),
      ),
    )
    .orderBy(learnerDailyRollups.day);
}

/** The latest snapshot of the six analytics categories, or null (none yet, or not the caller's to see). */
export async function getLatestSnapshot(tx: Tx, input: Learner) {
  const [row] = await tx
    .select()
    .from(learnerAnalyticsSnapshots)
    .where(and(eq(learnerAnalyticsSnapshots.organizationId, input.organizationId), eq(learnerAnalyticsSnapshots.userId, input.userId)))
    .orderBy(desc(learnerAnalyticsSnapshots.snapshotDay))
    .limit(1);
  return row ?? null;
}

/** The current (unexpired) drop-off prediction, or null (opted out, not enrolled, expired or not visible). */
export async function getPrediction(tx: Tx, input: Learner) {
  const [row] = await tx
    .select()
    .from(predictiveAnalyticsCache)
    .where(
      and(
        eq(predictiveAnalyticsCache.organizationId, input.organizationId),
        eq(predictiveAnalyticsCache.userId, input.userId),
        gt(predictiveAnalyticsCache.expiresAt, sql`now()`),
      ),
    );
  return row ?? null;
}

export interface LeaderboardEntry {
  rank: number;
  /** Null for a learner who chose to appear anonymously. */
  displayName: string | null;
  /** Null for a learner who chose to appear anonymously. */
  userId: string | null;
  points: number;
  isMe: boolean;
  isAnonymous: boolean;
}

/** The organization's leaderboard (analytics.leaderboard: membership checked, privacy applied, own row always). */
export async function getLeaderboard(tx: Tx, input: { organizationId: string; period: LeaderboardPeriod; limit?: number }): Promise<LeaderboardEntry[]> {
  const rows = await tx.execute<{ rank: number; display_name: string | null; user_id: string | null; points: string; is_me: boolean; is_anonymous: boolean }>(
    sql`select * from analytics.leaderboard(${input.organizationId}::uuid, ${input.period}, ${input.limit ?? 10}::integer)`,
  );
  return rows.map((row) => ({
    rank: row.rank,
    displayName: row.display_name,
    userId: row.user_id,
    points: Number(row.points),
    isMe: row.is_me,
    isAnonymous: row.is_anonymous,
  }));
}

type Quartiles = [number, number, number];
interface PeerMeasure {
  avg: number | null;
  quartiles: Quartiles | null;
}
export type PeerComparison =
  | { available: false; peers: number; minimum_peers: number; reason: string }
  | {
      available: true;
      peers: number;
      minimum_peers: number;
      scope: "organization" | "cohort";
      group: { velocity: PeerMeasure; engagement: PeerMeasure; score: PeerMeasure; mastery: PeerMeasure };
      me: { velocity: number; engagement: number; score: number | null; mastery: number | null } | null;
    };

/** The caller against their peers (analytics.peer_comparison: numbers only with >= 10 peers). */
export async function getPeerComparison(tx: Tx, input: { organizationId: string; cohortId?: string | null }): Promise<PeerComparison> {
  const [row] = await tx.execute<{ result: PeerComparison }>(
    sql`select analytics.peer_comparison(${input.organizationId}::uuid, ${input.cohortId ?? null}::uuid) as result`,
  );
  return row.result;
}

/** The caller's own privacy choices (defaults when never saved). */
export async function getMyPreferences(tx: Tx, input: Learner) {
  const [row] = await tx
    .select()
    .from(userPreferences)
    .where(and(eq(userPreferences.organizationId, input.organizationId), eq(userPreferences.userId, input.userId)));
  return (
    row ?? {
      organizationId: input.organizationId,
      userId: input.userId,
      leaderboardVisibility: "public" as const,
      predictionsOptOut: false,
      notificationPrefs: {},
      updatedAt: null,
    }
  );
}

/** Saves the caller's own privacy choices (audited by the table's trigger). */
export async function saveMyPreferences(tx: Tx, input: Learner & PreferencesInput) {
  const [row] = await tx
    .insert(userPreferences)
    .values({
      organizationId: input.organizationId,
      userId: input.userId,
      leaderboardVisibility: input.leaderboardVisibility,
      predictionsOptOut: input.predictionsOptOut,
      notificationPrefs: input.notificationPrefs,
    })
    .onConflictDoUpdate({
      target: [userPreferences.organizationId, userPreferences.userId],
      set: {
        leaderboardVisibility: input.leaderboardVisibility,
        predictionsOptOut: input.predictionsOptOut,
        notificationPrefs: input.notificationPrefs,
      },
    })
    .returning();
  return row;
}
