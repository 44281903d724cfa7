import { TokenBucketLimiter } from "../http/rate-limiter.server";

// One request budget per provider connection (its requestsPerSecond setting), shared by every call and job of
// the runtime; rebuilt when the setting changes.
export class ProviderLimiters {
  private readonly byConnection = new Map<string, { rps: number; limiter: TokenBucketLimiter }>();

  for(connectionId: string, requestsPerSecond: number): TokenBucketLimiter {
    const rps = Math.max(1, requestsPerSecond);
    const existing = this.byConnection.get(connectionId);
    if (existing && existing.rps === rps) return existing.limiter;
    const limiter = new TokenBucketLimiter(rps);
    this.byConnection.set(connectionId, { rps, limiter });
    return limiter;
  }
}
