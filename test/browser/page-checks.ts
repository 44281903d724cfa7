import { mkdirSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";

// What every page of the embedded app must satisfy in the browser tests: no layout shift on load, every
// control named for screen readers, one page heading; and a screenshot per page and language.

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");

/** Installs a layout-shift observer before any page script runs (CLS as Chrome's web-vitals count it on load). */
export async function observeLayoutShift(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) if (!e.hadRecentInput) w.__cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
}

export async function cumulativeLayoutShift(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __cls: number }).__cls);
}

const NAMED_ROLES = new Set(["button", "link", "textbox", "combobox", "checkbox", "radio", "searchbox", "spinbutton", "tab", "menuitem", "switch"]);

/** Interactive elements the accessibility tree exposes without a name (what a screen reader would read as "button"). */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as {
      nodes: Array<{ ignored: boolean; role?: { value: string }; name?: { value: string }; properties?: Array<{ name: string; value: { value: unknown } }> }>;
    };
    return nodes
      .filter((n) => !n.ignored && n.role && NAMED_ROLES.has(n.role.value))
      .filter((n) => !n.properties?.some((p) => p.name === "hidden" && p.value.value === true))
      .filter((n) => !String(n.name?.value ?? "").trim())
      .map((n) => n.role!.value);
  } finally {
    await cdp.detach();
  }
}

export async function headingLevels(page: Page): Promise<{ h1: number }> {
  return page.evaluate(() => ({ h1: document.querySelectorAll("h1").length }));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The page is hydrated and quiet: Remix has booted and no request is in flight. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !!(window as unknown as { __remixContext?: unknown }).__remixContext && document.readyState === "complete");
}
