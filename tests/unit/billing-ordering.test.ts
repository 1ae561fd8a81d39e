// The ordering rule of lib/stripe/ordering.ts on hand-written cases.
import { describe, expect, it } from "vitest";
import { decideOrderEvent, decideSubscriptionEvent } from "@/lib/stripe/ordering";

const at = (seconds: number) => new Date(seconds * 1000);
const T = 1_800_000_000;

describe("decideSubscriptionEvent", () => {
  it("applies anything to an unknown subscription or a Checkout link without a watermark", () => {
    expect(decideSubscriptionEvent(null, { status: "incomplete", eventCreated: T })).toBe("apply");
    expect(decideSubscriptionEvent({ status: "incomplete", lastEventAt: null }, { status: "active", eventCreated: T - 100 })).toBe("apply");
  });

  it("skips older events and applies newer ones", () => {
    const stored = { status: "active" as const, lastEventAt: at(T) };
    expect(decideSubscriptionEvent(stored, { status: "past_due", eventCreated: T - 1 })).toBe("stale");
    expect(decideSubscriptionEvent(stored, { status: "past_due", eventCreated: T + 1 })).toBe("apply");
    expect(decideSubscriptionEvent(stored, { status: "incomplete", eventCreated: T + 1 })).toBe("apply");
  });

  it("within one second, never moves back in the lifecycle", () => {
    expect(decideSubscriptionEvent({ status: "active", lastEventAt: at(T) }, { status: "incomplete", eventCreated: T })).toBe("stale");
    expect(decideSubscriptionEvent({ status: "incomplete", lastEventAt: at(T) }, { status: "active", eventCreated: T })).toBe("apply");
    expect(decideSubscriptionEvent({ status: "active", lastEventAt: at(T) }, { status: "past_due", eventCreated: T })).toBe("apply");
    expect(decideSubscriptionEvent({ status: "active", lastEventAt: at(T) }, { status: "canceled", eventCreated: T })).toBe("apply");
  });

  it("never revives an ended subscription, even with a newer event", () => {
    const canceled = { status: "canceled" as const, lastEventAt: at(T) };
    expect(decideSubscriptionEvent(canceled, { status: "active", eventCreated: T - 5 })).toBe("stale");
    expect(decideSubscriptionEvent(canceled, { status: "active", eventCreated: T })).toBe("stale");
    expect(decideSubscriptionEvent(canceled, { status: "active", eventCreated: T + 5 })).toBe("stale");
    expect(decideSubscriptionEvent(canceled, { status: "canceled", eventCreated: T })).toBe("stale");
    expect(decideSubscriptionEvent(canceled, { status: "canceled", eventCreated: T + 5 })).toBe("apply");
    expect(decideSubscriptionEvent({ status: "incomplete_expired", lastEventAt: at(T) }, { status: "active", eventCreated: T + 5 })).toBe("stale");
  });
});

describe("decideOrderEvent", () => {
  it("keeps paid orders and failed Checkouts final", () => {
    expect(decideOrderEvent({ kind: "invoice", status: "paid", lastEventAt: at(T) }, { status: "failed", eventCreated: T + 10 })).toBe("stale");
    expect(decideOrderEvent({ kind: "checkout", status: "failed", lastEventAt: at(T) }, { status: "paid", eventCreated: T + 10 })).toBe("stale");
  });

  it("lets a failed invoice be paid by a later retry, not by an older event", () => {
    const failed = { kind: "invoice" as const, status: "failed" as const, lastEventAt: at(T) };
    expect(decideOrderEvent(failed, { status: "paid", eventCreated: T + 1 })).toBe("apply");
    expect(decideOrderEvent(failed, { status: "paid", eventCreated: T })).toBe("apply");
    expect(decideOrderEvent(failed, { status: "paid", eventCreated: T - 1 })).toBe("stale");
  });

  it("settles a pending Checkout either way", () => {
    const pending = { kind: "checkout" as const, status: "pending" as const, lastEventAt: at(T) };
    expect(decideOrderEvent(pending, { status: "paid", eventCreated: T + 1 })).toBe("apply");
    expect(decideOrderEvent(pending, { status: "failed", eventCreated: T + 1 })).toBe("apply");
    expect(decideOrderEvent({ kind: "checkout", status: "no_payment_required", lastEventAt: at(T) }, { status: "pending", eventCreated: T })).toBe("stale");
  });
});
