import type { LoaderFunctionArgs } from "@remix-run/node";
import { runtimeOf } from "../runtime/load-context.server";

// OAuth / token exchange endpoints handled by @shopify/shopify-app-remix.
export async function loader({ request, context }: LoaderFunctionArgs) {
  await runtimeOf(context).shopify.authenticate.admin(request);
  return null;
}
