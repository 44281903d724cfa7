import { env } from "./env.server";
import { db } from "./db.server";
import { shopify } from "./shopify.server";

// Who is asking: every loader/action starts here and every query it makes is scoped by `shop`.

export interface AdminContext {
  shop: string;
  accessToken: string;
  locale: string;
  demo: boolean;
}

function localeFrom(request: Request): string {
  const url = new URL(request.url);
  const fromQuery = url.searchParams.get("locale");
  const header = request.headers.get("accept-language") ?? "";
  return (fromQuery ?? header.split(",")[0] ?? "en").trim() || "en";
}

/** Embedded pages and the extension API: Shopify session token in production, the fixed sandbox shop in the demo. */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  const e = env();
  if (e.DEMO_MODE) {
    // Demo only (refused when NODE_ENV=production): the seeded offline session of the sandbox shop.
    const prisma = await db();
    const session = await prisma.session.findFirst({ where: { shop: e.DEMO_SHOP, isOnline: false } });
    if (!session) throw new Response("The demo shop is not seeded: run `npm run demo`.", { status: 503 });
    return { shop: session.shop, accessToken: session.accessToken, locale: localeFrom(request), demo: true };
  }
  const app = await shopify();
  const { session } = await app.authenticate.admin(request);
  return { shop: session.shop, accessToken: session.accessToken ?? "", locale: localeFrom(request), demo: false };
}
