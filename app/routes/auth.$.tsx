import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { hasShopifyContext } from "../auth.server";
import { runtimeOf } from "../runtime/load-context.server";

// OAuth / token exchange endpoints handled by @shopify/shopify-app-remix. The login path asks for no shop domain
// (App Store rule): with a shop in the query it sends the merchant to install or open the app in their admin;
// without one, a visitor gets the landing page, which says how to open the app from the Shopify admin.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const rt = runtimeOf(context);
  const url = new URL(request.url);
  if (url.pathname === "/auth/login") {
    if (!url.searchParams.get("shop")) throw redirect("/");
    await rt.shopify.login(request);
    throw redirect("/");
  }
  if (!hasShopifyContext(request)) throw redirect("/");
  await rt.shopify.authenticate.admin(request);
  return null;
}
