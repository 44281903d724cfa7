import type { LoaderFunctionArgs } from "@remix-run/node";
import { shopify } from "../shopify.server";

// OAuth / token exchange endpoints handled by @shopify/shopify-app-remix.
export async function loader({ request }: LoaderFunctionArgs) {
  await (await shopify()).authenticate.admin(request);
  return null;
}
