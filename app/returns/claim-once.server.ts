import { ConflictError, ValidationError } from "../http/errors.server";

// Claiming a row once: a use-case that calls a provider first inserts its row (unique on the shop, provider and
// idempotency key); whoever inserts it calls the provider, everyone else waits for that result or takes over a
// claim whose request died. A double click, a retry or a second agent never makes a second call.

export interface ClaimTiming {
  /** How often a request waiting for another one's result looks again. */
  pollMs: number;
  /** How long a request waits for another one before answering 409. */
  maxWaitMs: number;
  /** A claim older than this belongs to a request that died: another may take it over. */
  leaseMs: number;
  /** A create the provider did not confirm and still does not show after this long is taken as never made. */
  settleMs?: number;
}

export const DEFAULT_CLAIM_TIMING: ClaimTiming = { pollMs: 150, maxWaitMs: 25_000, leaseMs: 120_000, settleMs: 10_000 };

export interface ClaimableRow {
  id: string;
  state: string;
  error: string | null;
  updatedAt: Date;
}

export type ClaimOutcome<R> =
  /** This request owns the row (new, a failed one re-claimed, or a dead request's claim taken over). */
  | { kind: "claimed"; row: R }
  /** This request owns a row stopped half-way (e.g. created at the provider, not yet attached). */
  | { kind: "resume"; row: R }
  /** Another request finished it: its result is the answer. */
  | { kind: "done"; row: R };

export interface ClaimOps<R extends ClaimableRow> {
  create(): Promise<R>;
  find(): Promise<R | null>;
  /** Compare-and-set on (state, updatedAt): true when this request now owns the row. */
  takeOver(row: R, data: { state?: string; error: null }): Promise<boolean>;
  /** States that are the finished answer. */
  done: readonly string[];
  /** States in which a row may be picked up half-way (in progress unless stopped or stale). */
  resumable: readonly string[];
  /** States that stop every new request until someone decides (e.g. a pickup that may already be booked). */
  blocked?: Readonly<Record<string, () => Error>>;
}

export function isUniqueViolation(err: unknown): boolean {
  // By code, not class: the PostgreSQL client is generated apart from @prisma/client and has its own error classes.
  return (err as { code?: unknown } | null)?.code === "P2002";
}

/** The stored reason of a failure another request just had, answered as is (no second provider call). */
export class PreviousAttemptFailedError extends ValidationError {
  override readonly kind = "previous_attempt_failed";
}

export async function claimOnce<R extends ClaimableRow>(ops: ClaimOps<R>, timing: ClaimTiming, what: string): Promise<ClaimOutcome<R>> {
  const deadline = Date.now() + timing.maxWaitMs;
  let waited = false;
  for (;;) {
    try {
      return { kind: "claimed", row: await ops.create() };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const row = await ops.find();
    if (!row) continue; // removed in between: insert again
    if (ops.done.includes(row.state)) return { kind: "done", row };
    const blocked = ops.blocked?.[row.state];
    if (blocked) throw blocked();
    if (row.state === "FAILED") {
      // We waited for that attempt: its failure is our answer (a double click must not call the provider twice).
      if (waited) throw new PreviousAttemptFailedError(row.error ?? `The ${what} failed`, { service: "app", code: "PREVIOUS_ATTEMPT_FAILED" });
      if (await ops.takeOver(row, { state: "CLAIMED", error: null })) return { kind: "claimed", row: (await ops.find())! };
      continue;
    }
    const stale = Date.now() - row.updatedAt.getTime() > timing.leaseMs;
    const stopped = ops.resumable.includes(row.state) && row.error !== null;
    if (stale || stopped) {
      if (await ops.takeOver(row, { error: null })) {
        const fresh = (await ops.find())!;
        return { kind: fresh.state === "CLAIMED" ? "claimed" : "resume", row: fresh };
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new ConflictError(`The ${what} is still being created by another request: refresh in a moment`, { service: "app", code: "IN_PROGRESS" });
    }
    waited = true;
    await new Promise<void>((resolve) => setTimeout(resolve, timing.pollMs));
  }
}
