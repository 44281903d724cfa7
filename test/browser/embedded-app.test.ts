import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate, type Locale, type MessageKey } from "../../app/i18n/messages";
import { translateFieldError } from "../../app/i18n/field-errors";
import { checkAnalytics } from "./analytics-checks";
import { useDemoBrowser } from "./demo-browser";
import { screenshot, settled } from "./page-checks";

// The embedded app as a merchant uses it, in headless Chromium against the running demo (simulated Shopify,
// iF returns and REVER): onboarding, the dashboard, a return with its label and timeline, settings; in English
// and Spanish. Every page is also checked for layout shift, unnamed controls and its heading, and photographed.

const app = useDemoBrowser();
const { readDb, checkPage, open } = app;

describe.each<Locale>(["en", "es"])("embedded app in %s", (locale) => {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  let page: Page;

  beforeAll(async () => {
    page = await app.context.newPage();
  });
  afterAll(async () => {
    await page?.close();
  });

  it("onboarding: connects iF returns, shows the provider's exact reason for a bad token, then a working test and the first return", async () => {
    await open(page, "/app/onboarding", locale);
    await checkPage(page, `onboarding-${locale}`);
    // The demo's webhooks are processed concurrently: the first link stored is whichever job finished first.
    const [first] = readDb<{ returnName: string; orderName: string }>(`SELECT returnName, orderName FROM ReturnLink WHERE shop = ? ORDER BY id ASC LIMIT 1`, app.demo.shop);
    await expect.poll(() => page.getByText(t("onboarding.first.arrived", { name: first.returnName, order: first.orderName })).isVisible()).toBe(true);

    // A wrong token is saved (write-only field) and the test shows what iF returns answered.
    await page.getByRole("button", { name: t("onboarding.connect.edit") }).click();
    const wrong = `wrong-token-${randomUUID()}`;
    await page.getByLabel(t("connection.credential.IFRETURNS")).fill(wrong);
    await page.getByRole("button", { name: t("onboarding.connect.save") }).click();
    await page.getByText(t("settings.connection.saved", { provider: "iF returns" })).waitFor();
    await page.getByRole("button", { name: t("connection.test.button") }).click();
    const failed = page.getByText(t("connection.test.failed", { provider: "iF returns" }));
    await failed.waitFor();
    const banner = page.locator(".Polaris-Banner", { has: failed });
    const reason = readDb<{ lastTestResult: string }>(`SELECT lastTestResult FROM ProviderConnection WHERE shop = ? AND provider = 'IFRETURNS'`, app.demo.shop)[0].lastTestResult;
    expect(reason).toMatch(/not valid/);
    await expect.poll(() => banner.innerText()).toContain(reason);
    expect(await page.content()).not.toContain(wrong);

    // The sandbox token works.
    await page.getByRole("button", { name: t("onboarding.connect.edit") }).click();
    await page.getByLabel(t("connection.credential.IFRETURNS")).fill(app.demo.simulators.ifreturns.credential);
    await page.getByRole("button", { name: t("onboarding.connect.save") }).click();
    await page.getByText(t("settings.connection.saved", { provider: "iF returns" })).waitFor();

    // An unsaved edit in the defaults step survives a connection test run meanwhile.
    const city = page.getByLabel(t("address.city"), { exact: false }).first();
    await city.fill("");
    await page.getByRole("button", { name: t("connection.test.button") }).click();
    await page.getByText(t("connection.test.success", { provider: "iF returns" })).waitFor();
    expect(await city.inputValue()).toBe("");

    // A field error is shown next to its field, in the merchant's language.
    const posts: string[] = [];
    const onResponse = (r: import("playwright-core").Response) => {
      if (r.request().method() === "POST") posts.push(`${r.status()} ${new URL(r.url()).pathname} after ${Math.round(r.request().timing().responseEnd)} ms`);
    };
    page.on("response", onResponse);
    await page.getByRole("button", { name: t("onboarding.defaults.save") }).click();
    const message = translateFieldError(locale, "City is required");
    // If this ever times out, say what the page answered, so a failure in CI can be read from its log.
    await page
      .getByText(message)
      .first()
      .waitFor()
      .catch(async (err: Error) => {
        const shown = await page.getByText(message).evaluateAll((els) => els.map((e) => `${e.tagName} visible=${(e as HTMLElement).offsetParent !== null}`));
        throw new Error(`${err.message}\nPOST answers: ${posts.join("; ") || "none"}\nmatches: ${shown.join("; ") || "none"}\ncity value: "${await city.inputValue()}"\ndemo log (end):\n${app.demo.output().slice(-2000)}`);
      });
    page.off("response", onResponse);
    expect(await city.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await city.getAttribute("aria-describedby")) ?? "";
    const described = await page.evaluate((ids) => ids.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" "), describedBy);
    expect(described).toContain(message);
  });

  it("dashboard: counts per status on top, filter by status and platform, search by order number", async () => {
    await open(page, "/app", locale);
    await checkPage(page, `dashboard-${locale}`);
    const counts = readDb<{ status: string; n: number }>(`SELECT status, count(*) AS n FROM ReturnLink WHERE shop = ? GROUP BY status`, app.demo.shop);
    const openCount = counts.find((c) => c.status === "OPEN")!.n;
    const openTab = page.getByRole("tab", { name: new RegExp(`^${t("status.OPEN")}`) });
    expect(await openTab.innerText()).toContain(String(openCount));

    await openTab.click();
    await page.waitForURL(/status=OPEN/);
    await settled(page);
    const rows = page.locator(".Polaris-IndexTable__TableRow");
    await expect.poll(() => rows.count()).toBe(openCount);
    for (const text of await rows.allInnerTexts()) expect(text).toContain(t("status.OPEN"));

    await page.getByRole("button", { name: t("home.search.open") }).click();
    await page.getByRole("button", { name: t("home.filter.provider") }).click();
    await page.getByRole("radio", { name: "REVER", exact: true }).click({ force: true });
    await page.waitForURL(/provider=REVER/);
    await settled(page);
    const rever = readDb<{ n: number }>(`SELECT count(*) AS n FROM ReturnLink WHERE shop = ? AND status = 'OPEN' AND provider = 'REVER'`, app.demo.shop)[0].n;
    await expect.poll(() => rows.count()).toBe(rever);
    await page.keyboard.press("Escape");

    await open(page, "/app", locale);
    await page.getByRole("button", { name: t("home.search.open") }).click();
    await page.getByPlaceholder(t("home.search.placeholder")).fill("#1002");
    await page.waitForURL(/q=%231002/);
    await settled(page);
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining("#1002-R1")]);
    await screenshot(page, `dashboard-search-${locale}`);
  });

  it("analytics: the charts and tables count what the database holds, and a number opens those returns", async () => {
    await open(page, "/app/analytics", locale);
    await page.getByRole("figure").first().locator('svg [role="listitem"]').first().waitFor({ state: "attached" });
    await checkPage(page, `analytics-${locale}`);
    await checkAnalytics({ page, locale, shop: app.demo.shop, readDb, open: (path) => open(page, path, locale) });
  });

  it("return page: opened from the dashboard by keyboard, creates a label, downloads it, and the timeline grows", async () => {
    const [target] = readDb<{ id: string; returnName: string }>(
      `SELECT id, returnName FROM ReturnLink l WHERE shop = ? AND status = 'OPEN' AND provider = 'IFRETURNS'
         AND NOT EXISTS (SELECT 1 FROM Shipment s WHERE s.returnLinkId = l.id) ORDER BY returnName LIMIT 1`,
      app.demo.shop,
    );
    expect(target).toBeDefined();
    await open(page, `/app?q=${encodeURIComponent(target.returnName)}`, locale);
    // Keyboard only: Tab to the return's link, Enter opens it.
    const link = page.getByRole("link", { name: t("home.row.open", { name: target.returnName }) });
    for (let i = 0; i < 60 && !(await link.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/app/returns/${target.id}\\?locale=${locale}`));
    await settled(page);
    await page.getByRole("heading", { name: t("return.timeline.title") }).waitFor();
    await checkPage(page, `return-${locale}`);

    const events = page.locator('[data-testid="timeline"] > li');
    const before = await events.count();
    await page.getByRole("button", { name: t("return.label.create") }).click();
    await page.getByRole("heading", { name: t("return.done.create-label"), exact: true }).waitFor({ timeout: 30_000 });
    await expect.poll(() => events.count()).toBeGreaterThan(before);
    expect(await events.first().innerText()).toContain(t("timeline.kind.label"));

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: new RegExp(`^${t("return.label.download")}`) }).click();
    const file = await (await download).path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    await screenshot(page, `return-label-${locale}`);
  });

  it("settings: a required field left empty is flagged next to it; rules save and stay", async () => {
    await open(page, "/app/settings?tab=REVER", locale);
    await checkPage(page, `settings-${locale}`);
    const ecommerceId = page.getByLabel(t("connection.ecommerceId"), { exact: false }).first();
    await ecommerceId.fill("");
    // An edited form shows the contextual save bar (the demo's Polaris stand-in for App Bridge's): save from it.
    const bar = page.getByRole("region", { name: t("saveBar.label") });
    await bar.getByRole("button", { name: t("common.save"), exact: true }).click();
    const message = translateFieldError(locale, "E-commerce id is required (REVER gives it at onboarding)");
    await page.getByText(message).waitFor();
    expect(await ecommerceId.getAttribute("aria-invalid")).toBe("true");

    await open(page, "/app/settings?tab=rules", locale);
    await checkPage(page, `settings-rules-${locale}`);
    const interval = locale === "en" ? "30" : "120";
    const before = await page.getByLabel(t("rules.reconcile.interval")).inputValue();
    expect(await bar.count()).toBe(0);
    await page.getByLabel(t("rules.reconcile.interval")).selectOption(interval);
    // Discard puts the form back to what is saved and the bar goes away.
    await bar.getByRole("button", { name: t("saveBar.discard"), exact: true }).click();
    expect(await page.getByLabel(t("rules.reconcile.interval")).inputValue()).toBe(before);
    await bar.waitFor({ state: "detached" });
    await page.getByLabel(t("rules.reconcile.interval")).selectOption(interval);
    await bar.getByRole("button", { name: t("common.save"), exact: true }).click();
    await page.getByText(t("settings.rules.saved")).waitFor();
    expect(readDb<{ m: number }>(`SELECT reconcileIntervalMinutes AS m FROM ShopSettings WHERE shop = ?`, app.demo.shop)[0].m).toBe(Number(interval));
    await open(page, "/app/settings?tab=rules", locale);
    expect(await page.getByLabel(t("rules.reconcile.interval")).inputValue()).toBe(interval);
  });

  it("dashboard: bulk retry on selected rows, and a webhook Shopify sent that could not be used is shown with its reason", async () => {
    const body = JSON.stringify({ id: 1, status: "OPEN" });
    const res = await fetch(`${app.demo.baseUrl}/webhooks/returns/request`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-hmac-sha256": createHmac("sha256", app.demo.secret).update(body).digest("base64"),
        "x-shopify-shop-domain": app.demo.shop,
        "x-shopify-topic": "returns/request",
        "x-shopify-event-id": `browser-${locale}-${randomUUID()}`,
        "x-shopify-api-version": "2026-07",
        "x-shopify-triggered-at": new Date().toISOString(),
      },
      body,
    });
    expect(res.status).toBe(200);
    const [rejected] = readDb<{ reason: string }>(`SELECT reason FROM WebhookDelivery WHERE shop = ? AND state = 'REJECTED' ORDER BY receivedAt DESC LIMIT 1`, app.demo.shop);

    await open(page, "/app", locale);
    await page.getByText(rejected.reason).first().waitFor();
    const checkboxes = page.locator(".Polaris-IndexTable__TableRow input[type=checkbox]");
    await checkboxes.nth(0).check({ force: true });
    await checkboxes.nth(1).check({ force: true });
    await page.getByRole("button", { name: t("home.bulk.retrySync") }).click();
    await page.getByText(t("home.bulk.syncRequested", { count: 2 })).waitFor();
    await screenshot(page, `dashboard-bulk-${locale}`);
  });
});
