import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { hasShopifyContext } from "../auth.server";
import { useT } from "../i18n/use-t";
import { runtimeOf } from "../runtime/load-context.server";

// The app's front door. Shopify opens the app at "/?shop=...&host=...": that goes on to the embedded home with
// its query. Anyone else (a reviewer, a crawler, a bookmark) reads what the app does and how to open it from the
// Shopify admin; there is no field asking for a shop domain (App Store requirement).
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (hasShopifyContext(request)) throw redirect(`/app${url.search}`);
  return { demo: runtimeOf(context).env.DEMO_MODE };
}

export const meta: MetaFunction = () => [{ title: "Returns Bridge" }, { name: "description", content: "Connects Shopify Returns to iF returns and REVER." }];

const page: React.CSSProperties = { maxWidth: 720, margin: "0 auto", padding: "48px 24px", fontFamily: "-apple-system, BlinkMacSystemFont, 'San Francisco', 'Segoe UI', Roboto, sans-serif", lineHeight: 1.5, color: "#303030" };

export default function Landing() {
  const { demo } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main style={page}>
      <h1 style={{ fontSize: 32, marginBottom: 8 }}>{t("landing.title")}</h1>
      <p style={{ fontSize: 18 }}>{t("landing.lede")}</p>
      <h2 style={{ fontSize: 20, marginTop: 32 }}>{t("landing.what.heading")}</h2>
      <ul>
        <li>{t("landing.what.labels")}</li>
        <li>{t("landing.what.statuses")}</li>
        <li>{t("landing.what.orderPage")}</li>
      </ul>
      <h2 style={{ fontSize: 20, marginTop: 32 }}>{t("landing.open.heading")}</h2>
      <ol>
        <li>{t("landing.open.admin")}</li>
        <li>{t("landing.open.apps")}</li>
        <li>{t("landing.open.install")}</li>
      </ol>
      {demo ? (
        <p>
          <a href="/app">{t("landing.demo")}</a>
        </p>
      ) : null}
      <p style={{ marginTop: 32 }}>
        <a href="/privacy">{t("landing.privacy")}</a>
      </p>
    </main>
  );
}
