import type { Runtime } from "../runtime/runtime.server";
import { systemClock } from "../runtime/clock";
import { AuthenticationError } from "../http/errors.server";
import { sessionTokenOf, verifySessionToken } from "./session-token.server";

// Before the library authenticates an admin request: the shop of a valid session token has a fresh offline
// token, got by the app's own token service (refreshed under the shop's lease, or exchanged from this session
// token at install and after a disconnection), so @shopify/shopify-app-remix finds an active session and never
// runs a token exchange of its own that would race a worker's refresh.
export async function ensureInstalled(rt: Runtime, request: Request): Promise<void> {
  const token = sessionTokenOf(request);
  if (!token) return;
  // The library checks the same token against the system clock right after: the same clock here, so both agree.
  const claims = verifySessionToken(token, { apiKey: rt.env.SHOPIFY_API_KEY, apiSecret: rt.env.SHOPIFY_API_SECRET, now: systemClock.now(), customShopDomain: rt.env.SHOP_CUSTOM_DOMAIN });
  if (!claims) return;
  try {
    await rt.tokens.current(claims.shop);
    return;
  } catch (err) {
    // Not installed, or disconnected: the merchant is here with a session token, so exchange it for a new pair.
    if (!(err instanceof AuthenticationError)) throw err;
  }
  await rt.tokens.exchange(claims.shop, token);
}
