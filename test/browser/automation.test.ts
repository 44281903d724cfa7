import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate, type Locale, type MessageKey } from "../../app/i18n/messages";
import { useDemoBrowser } from "./demo-browser";
import { screenshot, settled } from "./page-checks";

// Issue 16 in the browser, in English and Spanish: the automation rules form (contextual save bar, a field error next
// to its field, a rule that saves and stays) and bulk labels from the dashboard (the progress bar fills, each row's
// result, pressing again finds the same run).

const app = useDemoBrowser();
const { readDb, checkPage, open } = app;

describe.each<Locale>(["en", "es"])("automation in %s", (locale) => {
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale, key, vars);
  let page: Page;

  beforeAll(async () => {
    page = await app.context.newPage();
  });
  afterAll(async () => {
    await page?.close();
  });

  it("rules form: a new rule opens the save bar, a wrong country is flagged next to its field, a good rule saves and stays", async () => {
    await open(page, "/app/automation", locale);
    await checkPage(page, `automation-${locale}`);
    const bar = page.getByRole("region", { name: t("saveBar.label") });
    expect(await bar.isVisible()).toBe(false);
    const before = readDb<{ n: number }>(`SELECT count(*) AS n FROM AutomationRule WHERE shop = ?`, app.demo.shop)[0].n;

    await page.getByRole("button", { name: t("automation.add") }).click();
    await bar.waitFor({ state: "visible" });
    const countries = page.locator(`#rule-${before}-countries`);
    expect(await page.locator(`label[for="rule-${before}-countries"]`).innerText()).toBe(t("automation.countries"));
    await countries.fill("Spain");
    await page.locator(`#rule-${before}-autoApprove`).check({ force: true });
    await bar.getByRole("button", { name: t("common.save") }).click();
    await page.getByText(t("automation.error.country")).first().waitFor();
    expect(await countries.getAttribute("aria-invalid")).toBe("true");
    expect(readDb<{ n: number }>(`SELECT count(*) AS n FROM AutomationRule WHERE shop = ?`, app.demo.shop)[0].n).toBe(before);
    await screenshot(page, `automation-error-${locale}`);

    await countries.fill("es, pt");
    await bar.getByRole("button", { name: t("common.save") }).click();
    await page.getByText(t("automation.saved")).waitFor();
    await bar.waitFor({ state: "hidden" });
    const rows = readDb<{ countries: string; autoApprove: number; name: string }>(`SELECT countries, autoApprove, name FROM AutomationRule WHERE shop = ? ORDER BY position`, app.demo.shop);
    expect(rows).toHaveLength(before + 1);
    expect(rows[rows.length - 1]).toEqual({ countries: '["ES","PT"]', autoApprove: 1, name: t("automation.rule.heading", { position: before + 1 }) });

    await open(page, "/app/automation", locale);
    expect(await page.locator(`#rule-${before}-countries`).inputValue()).toBe("ES, PT");
    expect(await page.locator(`#rule-${before}-autoApprove`).isChecked()).toBe(true);
  });

  it("bulk labels: the selected returns' labels are made, the progress bar fills, each row says its result, and a second press finds the same run", async () => {
    await open(page, "/app?status=OPEN", locale);
    const rowsBefore = readDb<{ n: number }>(`SELECT count(*) AS n FROM BulkRun WHERE shop = ?`, app.demo.shop)[0].n;
    // English takes the first two open returns, Spanish the next two.
    const offset = locale === "en" ? 0 : 2;
    const checkboxes = page.locator(".Polaris-IndexTable__TableRow input[type=checkbox]");
    await checkboxes.nth(offset).check({ force: true });
    await checkboxes.nth(offset + 1).check({ force: true });
    await page.getByRole("button", { name: t("home.bulk.createLabels") }).click();
    // The page may still show an earlier run's card: wait for this run, then for its end.
    await expect.poll(() => readDb<{ n: number }>(`SELECT count(*) AS n FROM BulkRun WHERE shop = ?`, app.demo.shop)[0].n).toBe(rowsBefore + 1);
    const bar = page.getByRole("progressbar", { name: t("bulk.progressLabel") });
    await expect.poll(() => page.getByTestId("bulk-counts").innerText(), { timeout: 60_000 }).toBe(t("bulk.progress", { done: 2, total: 2, failed: 0 }));
    expect(await bar.getAttribute("aria-valuenow")).toBe("100");
    await page.getByText(t("bulk.finished"), { exact: true }).waitFor();
    await page.getByRole("button", { name: t("bulk.showResults") }).click();
    const results = page.locator(".Polaris-DataTable__TableRow");
    await expect.poll(() => results.count()).toBe(2);
    await expect.poll(async () => (await results.allInnerTexts()).filter((text) => text.includes(t("bulk.state.DONE"))).length).toBe(2);
    await screenshot(page, `bulk-labels-${locale}`);
    const items = readDb<{ state: string; returnLinkId: string }>(`SELECT i.state, i.returnLinkId FROM BulkRunItem i JOIN BulkRun r ON r.id = i.bulkRunId WHERE r.shop = ? ORDER BY r.createdAt DESC LIMIT 2`, app.demo.shop);
    expect(items.map((i) => i.state)).toEqual(["DONE", "DONE"]);
    for (const i of items) expect(readDb<{ n: number }>(`SELECT count(*) AS n FROM Shipment WHERE returnLinkId = ? AND source = 'APP' AND state != 'FAILED'`, i.returnLinkId)[0].n).toBe(1);

    // The same selection again: the same run, nothing made twice.
    await open(page, "/app?status=OPEN", locale);
    await checkboxes.nth(offset).check({ force: true });
    await checkboxes.nth(offset + 1).check({ force: true });
    await page.getByRole("button", { name: t("home.bulk.createLabels") }).click();
    await page.getByRole("progressbar", { name: t("bulk.progressLabel") }).waitFor();
    await settled(page);
    expect(readDb<{ n: number }>(`SELECT count(*) AS n FROM BulkRun WHERE shop = ?`, app.demo.shop)[0].n).toBe(rowsBefore + 1);
  });
});
