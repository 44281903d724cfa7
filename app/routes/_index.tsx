import { redirect, type LoaderFunctionArgs } from "@remix-run/node";

// Shopify opens the app at "/?shop=...&host=...": keep the query and go to the embedded home.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return redirect(`/app${url.search}`);
}
