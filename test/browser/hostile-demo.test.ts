import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../app/db.server";
import { translate } from "../../app/i18n/messages";
import { labelPdf } from "../../sandbox/lib";
import { startDemoProcess, type DemoProcess } from "../demo-process";
import { launchChromium } from "./chromium";
import { settled } from "./page-checks";

// The stored-XSS cases in a real browser, against `npm run demo` with SANDBOX_PROFILE=hostile: labels that are
// HTML or SVG pages, javascript: tracking links (stored before the check existed), and the print window. No
// script of theirs may run: any dialog (their `alert(document.domain)`) fails the test, in the page or a popup.

const JS_URL = "javascript:alert(document.domain)";
const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate("en", key, vars);

let demo: DemoProcess;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let db: Db;
let linkId: string;
const shipments: Record<"html" | "svg" | "pdf" | "htmlServed", string> = { html: "", svg: "", pdf: "", htmlServed: "" };
const dialogs: string[] = [];

beforeAll(async () => {
  demo = await startDemoProcess({ profile: "hostile" });
  browser = await launchChromium();
  db = await createDb(`file:${demo.databaseFile}`);
  const link = await db.returnLink.findFirstOrThrow({ where: { shop: demo.shop, provider: "IFRETURNS" }, orderBy: { createdAt: "asc" } });
  linkId = link.id;
  // A tracking link stored before http(s)-only was checked, as the hostile iF simulator hands them out.
  await db.returnLink.update({ where: { id: link.id }, data: { trackingNumber: "JS-LINK", trackingUrl: JS_URL } });
  const iF = demo.simulators.ifreturns.url;
  const labels = {
    html: `${iF}/hostile/labels/browser/html/label.pdf`,
    svg: `${iF}/hostile/labels/browser/svg/label.pdf`,
    pdf: `${iF}/files/labels/browser-real.pdf`,
    htmlServed: `${iF}/files/labels/browser-served.pdf`,
  };
  for (const [kind, labelUrl] of Object.entries(labels) as Array<[keyof typeof shipments, string]>) {
    const row = await db.shipment.create({
      data: { shop: demo.shop, returnLinkId: link.id, provider: "IFRETURNS", idempotencyKey: `browser-${kind}`, state: "CREATED", source: "APP", labelUrl, labelFormat: "PDF", trackingNumber: `T-${kind}`, trackingUrl: JS_URL },
    });
    shipments[kind] = row.id;
  }
  browser.context.on("page", (p) => p.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss())));
  // Every window.open the page makes, with its features.
  await browser.context.addInitScript(() => {
    const opens: Array<[string, string, string]> = [];
    (window as unknown as { __opens: typeof opens }).__opens = opens;
    const open = window.open.bind(window);
    window.open = (url?: string | URL, target?: string, features?: string) => {
      opens.push([String(url ?? ""), target ?? "", features ?? ""]);
      return open(url, target, features);
    };
  });
}, 240_000);

afterAll(async () => {
  await db?.$disconnect();
  await browser?.close();
  await demo?.stop();
});

const opens = (page: Page) => page.evaluate(() => (window as unknown as { __opens: Array<[string, string, string]> }).__opens);

describe("the return page with hostile labels and links (SANDBOX_PROFILE=hostile)", () => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.context.newPage();
    page.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
    await page.goto(new URL(`/app/returns/${linkId}?locale=en`, demo.baseUrl).toString(), { waitUntil: "load" });
    await settled(page);
  });
  afterAll(async () => page?.close());

  it("renders no javascript: link: the tracking numbers are plain text", async () => {
    await expect.poll(() => page.getByText("JS-LINK").first().isVisible()).toBe(true);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.getByText("T-html").first().isVisible()).toBe(true);
  });

  it("refuses to open an HTML or SVG label, saying what it is, and runs none of its script", async () => {
    for (const [kind, what] of [["html", "an HTML page"], ["svg", "an SVG image"]] as const) {
      await page.getByRole("button", { name: t("return.label.printFor", { tracking: `T-${kind}` }), exact: true }).click();
      await expect.poll(() => page.getByRole("alert").filter({ hasText: what }).count()).toBeGreaterThan(0);
      await page.getByRole("button", { name: t("return.label.downloadFor", { tracking: `T-${kind}` }), exact: true }).click();
      await expect.poll(() => page.getByRole("alert").filter({ hasText: `${what}, not a PDF, PNG, JPEG or ZPL label` }).count()).toBeGreaterThan(0);
    }
    expect(await opens(page)).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it("answers a direct visit to the HTML label's file with JSON, never the page", async () => {
    const visit = await browser.context.newPage();
    visit.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
    const res = await visit.goto(new URL(`/app/returns/${linkId}/label-file?shipmentId=${shipments.html}`, demo.baseUrl).toString());
    expect(res?.status()).toBe(422);
    expect(res?.headers()["content-type"]).toMatch(/^application\/json/);
    await visit.close();
    expect(dialogs).toEqual([]);
  });

  it("opens a real label in a window with no handle on the app (noopener), and nothing the server did not vouch for", async () => {
    // The browser side only: the label's bytes are handed to the page as the app would serve them.
    await page.route(`**/label-file?shipmentId=${shipments.pdf}*`, (route) => route.fulfill({ status: 200, contentType: "application/pdf", body: Buffer.from(labelPdf(["Browser label"])) }));
    await page.route(`**/label-file?shipmentId=${shipments.htmlServed}*`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: `<script>alert(document.domain)</script>` }));
    await page.getByRole("button", { name: t("return.label.printFor", { tracking: "T-pdf" }), exact: true }).click();
    await expect.poll(async () => (await opens(page)).length).toBe(1);
    const [[url, target, features]] = await opens(page);
    expect(url).toMatch(/^blob:/);
    expect(target).toBe("_blank");
    expect(features.split(",")).toContain("noopener");

    await page.getByRole("button", { name: t("return.label.printFor", { tracking: "T-htmlServed" }), exact: true }).click();
    await expect.poll(() => page.getByRole("alert").filter({ hasText: t("return.label.fileFailed") }).count()).toBeGreaterThan(0);
    expect(await opens(page)).toHaveLength(1);
    expect(dialogs).toEqual([]);
  });
});
