import { hostname } from "node:os";
import type { Db } from "../db.server";
import { upsertShopSettings } from "../settings/shop-settings-row.server";

// One reconciliation pass per shop at a time, held through a lease on the shop's settings row rather than
// through the job queue: a pass renews it while it runs, so a pass whose process died is noticed within one
// lease (minutes) on SQLite and PostgreSQL alike, instead of when pg-boss expires the run (an hour), and the
// next pass resumes after the last page the dead one finished.

export const DEFAULT_LEASE_MS = 2 * 60 * 1000;

/** A lease owner that names its process (host:pid:run), so an operator, or the crash soak, can tell who runs it. */
export function processOwner(runId: string): string {
  return `${hostname()}:${process.pid}:${runId}`;
}

/** The process id in an owner made by processOwner, else null. */
export function ownerPid(owner: string | null): number | null {
  const pid = Number(owner?.split(":")[1]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export type LeaseState =
  /** No pass is running or left unfinished. */
  | { kind: "free" }
  /** A pass holds the lease and renewed it recently. */
  | { kind: "held"; owner: string | null; until: Date }
  /** A pass started and stopped renewing before it finished: its process died. `cursor`: the last link id it
   *  finished every link up to (null: none). */
  | { kind: "abandoned"; cursor: string | null };

interface LeaseRow {
  reconcileLeaseOwner: string | null;
  reconcileLeaseUntil: Date | null;
  reconcileCursor: string | null;
}

export function leaseStateOf(row: LeaseRow | null, now = new Date()): LeaseState {
  if (!row?.reconcileLeaseUntil) return { kind: "free" };
  if (row.reconcileLeaseUntil.getTime() > now.getTime()) return { kind: "held", owner: row.reconcileLeaseOwner, until: row.reconcileLeaseUntil };
  return { kind: "abandoned", cursor: row.reconcileCursor };
}

export async function readLeaseState(db: Db, shop: string, now = new Date()): Promise<LeaseState> {
  const row = await db.shopSettings.findUnique({ where: { shop }, select: { reconcileLeaseOwner: true, reconcileLeaseUntil: true, reconcileCursor: true } });
  return leaseStateOf(row, now);
}

export interface ReconcileLease {
  owner: string;
  /** Where the pass starts: after this link id (a dead pass's progress), or from the first link. */
  resumeAfter: string | null;
  /** Extends the lease and records progress; false when another pass has taken the lease over. */
  renew(cursor: string | null): Promise<boolean>;
  /** Ends the pass: the lease is freed; a finished pass also records when it finished. */
  release(finished: { at: Date } | null): Promise<void>;
}

/**
 * Takes the shop's lease unless a live pass holds it (then null: this pass has nothing to do). A compare-and-set
 * on the row, so two passes starting at once cannot both win.
 */
export async function acquireLease(db: Db, shop: string, owner: string, leaseMs = DEFAULT_LEASE_MS): Promise<ReconcileLease | null> {
  const now = new Date();
  const row = await upsertShopSettings(db, shop);
  const state = leaseStateOf(row, now);
  if (state.kind === "held") return null;
  const taken = await db.shopSettings.updateMany({
    where: { shop, reconcileLeaseOwner: row.reconcileLeaseOwner, reconcileLeaseUntil: row.reconcileLeaseUntil },
    data: { reconcileLeaseOwner: owner, reconcileLeaseUntil: new Date(now.getTime() + leaseMs) },
  });
  if (taken.count !== 1) return null;
  const resumeAfter = state.kind === "abandoned" ? state.cursor : null;
  return {
    owner,
    resumeAfter,
    async renew(cursor) {
      const r = await db.shopSettings.updateMany({
        where: { shop, reconcileLeaseOwner: owner },
        data: { reconcileLeaseUntil: new Date(Date.now() + leaseMs), reconcileCursor: cursor },
      });
      return r.count === 1;
    },
    async release(finished) {
      await db.shopSettings.updateMany({
        where: { shop, reconcileLeaseOwner: owner },
        data: { reconcileLeaseOwner: null, reconcileLeaseUntil: null, reconcileCursor: null, ...(finished ? { lastReconciledAt: finished.at } : {}) },
      });
    },
  };
}
