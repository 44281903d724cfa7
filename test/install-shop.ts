import { requireAdmin } from "../app/auth.server";
import type { Runtime } from "../app/runtime/runtime.server";
import type { ShopifySimulator } from "../sandbox/shopify/simulator";
import { mintSessionToken, TEST_SHOP } from "../sandbox/shopify/test-helpers";

/**
 * Installs the app on a simulated shop as the Shopify admin does: the embedded app's first request carries an App
 * Bridge session token (signed with the app's secret, on the simulator's clock), and the app exchanges it at the
 * simulator's /admin/oauth/access_token for an expiring offline token pair, stored sealed.
 */
export async function installShop(rt: Runtime, sim: Pick<ShopifySimulator, "clock">, shop = TEST_SHOP): Promise<void> {
  const token = mintSessionToken(sim, { shop, apiKey: rt.env.SHOPIFY_API_KEY, apiSecret: rt.env.SHOPIFY_API_SECRET });
  await requireAdmin(rt, new Request(`${rt.env.SHOPIFY_APP_URL}/app`, { headers: { authorization: `Bearer ${token}` } }));
}
