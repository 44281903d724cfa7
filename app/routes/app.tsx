import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { Banner, InlineStack, Text } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisEn from "@shopify/polaris/locales/en.json" with { type: "json" };
import polarisEs from "@shopify/polaris/locales/es.json" with { type: "json" };
import { requireAdmin } from "../auth.server";
import { runtimeOf } from "../runtime/load-context.server";
import { useAppUrl } from "../i18n/locale-url";
import { pickLocale } from "../i18n/messages";
import { useT } from "../i18n/use-t";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const rt = runtimeOf(context);
  const admin = await requireAdmin(rt, request);
  return { apiKey: rt.env.SHOPIFY_API_KEY, demo: admin.demo, locale: pickLocale(admin.locale) };
}

export default function AppLayout() {
  const { apiKey, demo, locale } = useLoaderData<typeof loader>();
  const t = useT();
  const url = useAppUrl();
  return (
    // Production: App Bridge (script from Shopify's CDN) and the admin's navigation. The sandbox demo has no
    // Shopify admin around the page, so App Bridge is left out and the same links sit in the demo banner.
    <AppProvider isEmbeddedApp={!demo} apiKey={apiKey} i18n={locale === "es" ? polarisEs : polarisEn}>
      {demo ? (
        <div style={{ padding: "12px 16px 0", maxWidth: "calc(998px + 2rem)", margin: "0 auto" }}>
          <Banner tone="info">
            <InlineStack gap="400" blockAlign="center" wrap>
              <Text as="span">{t("demo.banner")}</Text>
              <nav aria-label={t("nav.label")}>
                <InlineStack gap="400">
                  <Link to={url("/app")}>{t("nav.home")}</Link>
                  <Link to={url("/app/onboarding")}>{t("nav.onboarding")}</Link>
                  <Link to={url("/app/settings")}>{t("nav.settings")}</Link>
                  <Link to={url("/app/automation")}>{t("nav.automation")}</Link>
                  <Link to={url("/app/data-requests")}>{t("nav.dataRequests")}</Link>
                </InlineStack>
              </nav>
            </InlineStack>
          </Banner>
        </div>
      ) : (
        <NavMenu>
          <Link to={url("/app")} rel="home">
            {t("nav.home")}
          </Link>
          <Link to={url("/app/onboarding")}>{t("nav.onboarding")}</Link>
          <Link to={url("/app/settings")}>{t("nav.settings")}</Link>
          <Link to={url("/app/automation")}>{t("nav.automation")}</Link>
          <Link to={url("/app/data-requests")}>{t("nav.dataRequests")}</Link>
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
