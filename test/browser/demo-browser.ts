import Database from "better-sqlite3";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { Locale } from "../../app/i18n/messages";
import { startDemoProcess, type DemoProcess } from "../demo-process";
import { launchChromium } from "./chromium";
import { cumulativeLayoutShift, headingLevels, observeLayoutShift, screenshot, settled, unnamedControls } from "./page-checks";

// The running demo and a headless Chromium for one browser test file: started before its tests, stopped after,
// with the page checks and database reads the merchant-journey tests share.

export interface DemoBrowser {
  readonly demo: DemoProcess;
  readonly context: BrowserContext;
  /** Reads the demo's SQLite database (read-only) to compare the page with what was stored. */
  readDb<T>(sql: string, ...params: unknown[]): T[];
  /** Every page must load without layout shift, name every control and carry one page heading. */
  checkPage(page: Page, name: string): Promise<void>;
  /** Opens an app path in the given language and waits until the page is hydrated and quiet. */
  open(page: Page, path: string, locale: Locale): Promise<void>;
}

export function useDemoBrowser(): DemoBrowser {
  let demo: DemoProcess | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;

  beforeAll(async () => {
    demo = await startDemoProcess();
    browser = await launchChromium();
    await observeLayoutShift(browser.context);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  const started = () => {
    if (!demo || !browser) throw new Error("The demo browser is used before its beforeAll ran");
    return { demo, browser };
  };

  return {
    get demo() {
      return started().demo;
    },
    get context() {
      return started().browser.context;
    },
    readDb<T>(sql: string, ...params: unknown[]): T[] {
      const db = new Database(started().demo.databaseFile, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    async checkPage(page, name) {
      await settled(page);
      expect(await cumulativeLayoutShift(page), `CLS on ${name}`).toBeLessThanOrEqual(0.1);
      expect(await unnamedControls(page), `unnamed controls on ${name}`).toEqual([]);
      expect((await headingLevels(page)).h1, `h1 on ${name}`).toBe(1);
      await screenshot(page, name);
    },
    async open(page, path, locale) {
      const url = new URL(path, started().demo.baseUrl);
      url.searchParams.set("locale", locale);
      await page.goto(url.toString(), { waitUntil: "load" });
      await settled(page);
    },
  };
}
