import { redirect } from "@remix-run/node";
import type { ShopContext } from "./returns/shop-context.server";
import type { Runtime } from "./runtime/runtime.server";
import { ensureInstalled } from "./shopify/ensure-installed.server";

// Who is asking: every loader/action starts here and every query it makes is scoped by `shop`.

export interface AdminContext {
  shop: string;
  locale: string;
  demo: boolean;
  /** The shop's context for the use-cases this request runs. */
  ctx: ShopContext;
}

function localeFrom(request: Request): string {
  const url = new URL(request.url);
  const fromQuery = url.searchParams.get("locale");
  const header = request.headers.get("accept-language") ?? "";
  return (fromQuery ?? header.split(",")[0] ?? "en").trim() || "en";
}

/**
 * Whether a request comes from the Shopify admin: a document load carries shop, host or id_token in its query,
 * a fetch from the embedded app an Authorization header. Anything else is someone visiting the app's URL.
 */
export function hasShopifyContext(request: Request): boolean {
  const q = new URL(request.url).searchParams;
  return !!(request.headers.get("authorization") || q.get("shop") || q.get("host") || q.get("id_token"));
}

/** Embedded pages: Shopify's session token in production, the fixed sandbox shop in the demo. */
export async function requireAdmin(rt: Runtime, request: Request): Promise<AdminContext> {
  if (rt.env.DEMO_MODE) {
    // Demo only (refused when NODE_ENV=production): the seeded offline session of the sandbox shop.
    const session = await rt.db.session.findFirst({ where: { shop: rt.env.DEMO_SHOP, isOnline: false } });
    if (!session) throw new Response("The demo shop is not seeded: run `npm run demo`.", { status: 503 });
    return { shop: session.shop, locale: localeFrom(request), demo: true, ctx: rt.shop(session.shop) };
  }
  // A direct visit (a reviewer, a bookmark, a crawler) gets the landing page, which says how to open the app.
  if (!hasShopifyContext(request)) throw redirect("/");
  await ensureInstalled(rt, request);
  const { session } = await rt.shopify.authenticate.admin(request);
  return { shop: session.shop, locale: localeFrom(request), demo: false, ctx: rt.shop(session.shop) };
}
