import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, InlineStack } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisEn from "@shopify/polaris/locales/en.json" with { type: "json" };
import polarisEs from "@shopify/polaris/locales/es.json" with { type: "json" };
import { requireAdmin } from "../auth.server";
import { env } from "../env.server";
import { pickLocale } from "../i18n/messages";
import { useT } from "../i18n/use-t";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  return { apiKey: env().SHOPIFY_API_KEY, demo: admin.demo, locale: pickLocale(admin.locale) };
}

export default function AppLayout() {
  const { apiKey, demo, locale } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    // In the sandbox demo there is no Shopify admin around the page, so App Bridge is not loaded.
    <AppProvider isEmbeddedApp={!demo} apiKey={apiKey} i18n={locale === "es" ? polarisEs : polarisEn}>
      {demo ? (
        <div style={{ padding: "12px 16px 0" }}>
          <Banner tone="info">
            <InlineStack gap="400" blockAlign="center">
              <span>{t("demo.banner")}</span>
              <Link to="/app">{t("nav.home")}</Link>
              <Link to="/app/settings">{t("nav.settings")}</Link>
            </InlineStack>
          </Banner>
        </div>
      ) : (
        <NavMenu>
          <Link to="/app" rel="home">
            {t("nav.home")}
          </Link>
          <Link to="/app/settings">{t("nav.settings")}</Link>
        </NavMenu>
      )}
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs these boundaries to handle auth redirects inside the admin iframe.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
