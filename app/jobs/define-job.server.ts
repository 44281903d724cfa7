import { ZodError, type z } from "zod";
import { isTerminal } from "../http/errors.server";
import { redactText } from "../http/redact.server";
import type { Logger } from "../logger.server";
import type { Runtime } from "../runtime/runtime.server";

// The one job interface. The same definition runs on the SQLite runner and on pg-boss
// (docs/decisions/0003-jobs-and-databases.md). A handler decides terminal vs transient by what it throws.

export interface JobContext<R = Runtime> {
  /** Job id (SQLite row id or pg-boss id). */
  id: string;
  name: string;
  /** 1 on the first run; a run interrupted by a crash counts as an attempt. */
  attempt: number;
  maxAttempts: number;
  shop: string | null;
  /** What the queue was built with: the app's runtime (database, clients, the queue itself). */
  rt: R;
  /** The run's logger (job name and id on every line). */
  log: Logger;
}

export interface JobDefinition<P, N extends string = string, R = Runtime> {
  /** Queue name: letters, digits, `_`, `-`, `.`; the suffix `__dead` is reserved for dead letters. */
  name: N;
  /** Validates the payload on send and again before each run. */
  schema: z.ZodType<P, z.ZodTypeDef, unknown>;
  retry?: {
    /** Runs before the job is dead (first run included). Default 8. */
    maxAttempts?: number;
    /** Base of the exponential backoff: the n-th retry waits base * 2^(n-1) * (1..2). Default 5 s.
     *  pg-boss counts whole seconds (at least 1); the SQLite runner uses the value as given. */
    backoffSeconds?: number;
  };
  /** pg-boss only: a run longer than this is failed and retried (crash recovery for killed workers). Default 15 min.
   *  The SQLite runner renews a lease while the handler runs instead. */
  timeoutSeconds?: number;
  /** While a job with this key waits to start, sending another is a no-op (pg-boss "short" policy). */
  singletonKey?(payload: P): string | undefined;
  handler(payload: P, ctx: JobContext<R>): Promise<void>;
  /** Called once when the job lands dead (terminal error or attempts exhausted), to record it where the merchant
   *  sees it. Best effort: not called when the process dies during the last attempt. */
  onDead?(payload: P, error: JobErrorInfo, ctx: JobContext<R>): Promise<void>;
}

/** Any job, for registries (methods are bivariant, so every JobDefinition<P> fits). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob<R = any> = JobDefinition<unknown, string, R>;

export interface JobErrorInfo {
  name: string;
  message: string;
  terminal: boolean;
}

/** Throw from a handler to stop without retrying (beyond the terminal errors of app/http/errors.server.ts). */
export class TerminalJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TerminalJobError";
  }
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BACKOFF_SECONDS = 5;
export const DEFAULT_TIMEOUT_SECONDS = 15 * 60;
export const DEAD_LETTER_SUFFIX = "__dead";

const NAME = /^[A-Za-z0-9_.-]+$/;

export function defineJob<P, const N extends string, R = Runtime>(definition: JobDefinition<P, N, R>): JobDefinition<P, N, R> {
  if (!NAME.test(definition.name) || definition.name.endsWith(DEAD_LETTER_SUFFIX)) {
    throw new Error(`Invalid job name "${definition.name}": letters, digits, _ - . only, not ending in ${DEAD_LETTER_SUFFIX}`);
  }
  const maxAttempts = definition.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`Job ${definition.name}: retry.maxAttempts must be an integer >= 1`);
  if ((definition.retry?.backoffSeconds ?? 1) < 0) throw new Error(`Job ${definition.name}: retry.backoffSeconds must be >= 0`);
  return definition;
}

export function maxAttemptsOf(job: Pick<AnyJob, "retry">): number {
  return job.retry?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
}

export function backoffSecondsOf(job: Pick<AnyJob, "retry">): number {
  return job.retry?.backoffSeconds ?? DEFAULT_BACKOFF_SECONDS;
}

/** Terminal: TerminalJobError, the non-retryable AppErrors (bad credentials, validation, not found...) and a
 *  payload that no longer matches its schema. Everything else (network, 429, 5xx, bugs) is retried. */
export function isTerminalJobError(err: unknown): boolean {
  return err instanceof TerminalJobError || err instanceof ZodError || isTerminal(err);
}

export function jobErrorInfo(err: unknown): JobErrorInfo {
  const name = err instanceof Error ? err.name : "Error";
  const raw = err instanceof Error ? err.message : String(err);
  const message = redactText(raw).slice(0, 1000);
  return { name, message, terminal: isTerminalJobError(err) };
}

/** Delay before retry number `attempt` (1 = first retry): base * 2^(attempt-1) * (1 + random), capped.
 *  The same curve pg-boss applies with retryBackoff (retry_delay * 2^n * (1..2)). */
export function backoffMs(attempt: number, baseMs: number, maxMs = 60 * 60 * 1000, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  return Math.min(maxMs, Math.round(exp * (1 + random())));
}

/** The shop a job belongs to: the send option, else a `shop` string in the payload. */
export function shopOf(payload: unknown, explicit?: string | null): string | null {
  if (explicit) return explicit;
  const shop = (payload as { shop?: unknown } | null)?.shop;
  return typeof shop === "string" && shop ? shop : null;
}
