import { performance } from "node:perf_hooks";
import { refreshAll } from "../app/analytics/refresh.server";
import { loadEnv } from "../app/env.server";
import { emptyRule } from "../app/automation/rule-types";
import { saveAutomationRules } from "../app/automation/rules.server";
import { redactShop } from "../app/privacy/compliance.server";
import { createRuntime } from "../app/runtime/runtime.server";
import { saveProviderConnection } from "../app/settings/provider-connections.server";
import { createAdminClient } from "../app/shopify/graphql-client.server";
import { assumedFor } from "./assumed-capabilities";
import { startAppThread } from "./demo/app-thread-client";
import { startCarrier, type Carrier } from "./demo/carrier";
import { playHistory, processIdOf } from "./demo/history";
import { DEMO_RULE_TAG, demoStory } from "./demo/story";
import { installTimeMachine } from "./demo/time-machine";
import { settle, type DemoWorld } from "./demo/world";
import { DEMO_ACCESS_TOKEN } from "./demo-config";
import { DEFAULT_REVER_ECOMMERCE } from "./rever";
import { signSessionToken } from "./shopify/session-token";
import { startSandbox } from "./simulators";

// The demo: the three simulators, the real app (the production build) pointed at them, and a Spanish shop's last
// month played through them (demo/story.ts, demo/history.ts): orders and returns through the Shopify Admin API,
// processes and parcels through the providers' simulators, labels, pickups and syncs through the app's own
// use-cases and jobs. The app's pages answer "preparing" until the month is played; then a simulated carrier
// keeps parcels moving (demo/carrier.ts). The seeding uses a runtime of its own on the same database.

export interface RunningDemo {
  appUrl: string;
  lines: string[];
  carrier: Carrier | null;
  close(): Promise<void>;
}

const WAREHOUSE = {
  name: "Almacén Returns Bridge",
  email: "almacen@example.com",
  phone: "+34911222333",
  line1: "Calle de Fortunata y Jacinta 12",
  city: "Madrid",
  postalCode: "28020",
  region: "Madrid",
  countryCode: "ES",
};
const IF_SHOP_CODE = "returnsbridgedemo";

export async function startDemo(opts: { root: string; log?: (line: string) => void }): Promise<RunningDemo> {
  const e = loadEnv();
  // DEMO_TIMING=1 prints where the start-up time goes.
  const timings = new Map<string, number>();
  let mark = performance.now();
  const phase = (name: string) => {
    timings.set(name, performance.now() - mark);
    mark = performance.now();
  };
  const story = demoStory(new Date());
  // Until the month is played, this process's clock shows the moment being played (demo/time-machine.ts).
  const tm = installTimeMachine(new Date(story[0].steps[0].at.getTime() - 3_600_000));
  const auto = process.env.DEMO_SANDBOX_PORTS === "auto";
  const sandbox = await startSandbox({
    appUrl: e.SHOPIFY_APP_URL,
    apiSecret: e.SHOPIFY_API_SECRET,
    apiKey: e.SHOPIFY_API_KEY,
    shop: e.DEMO_SHOP,
    accessToken: DEMO_ACCESS_TOKEN,
    ports: auto ? {} : { shopify: e.PORT + 101, ifreturns: e.PORT + 102, rever: e.PORT + 103 },
  });
  // Only the base URLs of the outside services differ from production.
  const appEnv = { ...process.env, SHOPIFY_ADMIN_API_ORIGIN: sandbox.shopify.url };
  const seeder = await createRuntime(loadEnv(appEnv), { runJobs: false });
  const shop = e.DEMO_SHOP;
  const ctx = seeder.shop(shop);
  await seeder.jobs.cancelShop(shop);
  await redactShop(ctx); // the simulators start empty, so does the demo shop
  // The app's thread boots (loads the build, opens the database) while this one sets the shop up.
  const appThread = startAppThread({ root: opts.root, env: appEnv, clock: tm.buffer });
  // Installed as the Shopify admin installs it: a session token exchanged for an expiring offline token pair.
  await seeder.tokens.exchange(shop, signSessionToken({ shop, apiKey: e.SHOPIFY_API_KEY, apiSecret: e.SHOPIFY_API_SECRET, now: sandbox.shopify.clock.now() }));
  await seeder.db.shopSettings.create({ data: { shop, defaultProvider: "IFRETURNS", onboardedAt: new Date() } });
  const common = {
    environment: "custom",
    warehouseAddress: WAREHOUSE,
    defaultParcel: { weightGrams: 1000, lengthCm: 30, widthCm: 20, heightCm: 10 },
    notifyCustomer: false,
    syncToShopify: true,
    syncToProvider: true,
  };
  // The default profile models decision 0004's assumptions, so the demo turns them on; with the documented minimum it
  // keeps a merchant's defaults (documented calls only) and shows what the app cannot know.
  const assumed = { profile: sandbox.profile };
  for (const input of [
    { ...common, provider: "IFRETURNS", baseUrl: sandbox.ifreturns.url, credential: sandbox.ifreturns.credential, shopCode: IF_SHOP_CODE, defaultCarrierService: "IF-UPS-EXPRESS-SAVER", carrierServices: ["IF-UPS-EXPRESS-SAVER", "IF-SEUR-HOME2SHOP"], assumedCapabilities: assumedFor("IFRETURNS", assumed) },
    { ...common, provider: "REVER", baseUrl: sandbox.rever.url, credential: sandbox.rever.credential, ecommerceId: DEFAULT_REVER_ECOMMERCE, logisticsProvider: "SendCloud", defaultCarrierService: "UPS", assumedCapabilities: assumedFor("REVER", assumed) },
  ]) {
    const saved = await saveProviderConnection(ctx, input);
    if (!saved.ok) throw new Error(`Demo connection refused: ${JSON.stringify(saved.fieldErrors)}`);
  }

  // One automation rule: orders tagged for it are approved and labelled by the app, with no click (the analytics count them).
  const rules = await saveAutomationRules(ctx, [
    { ...emptyRule(0), name: "Tagged auto-label: approve and label with iF returns", orderTags: [DEMO_RULE_TAG], autoApprove: true, createLabel: true, provider: "IFRETURNS", carrierService: "IF-UPS-EXPRESS-SAVER", notifyCustomer: true },
  ]);
  if (!rules.ok) throw new Error(`Demo rule refused: ${JSON.stringify(rules)}`);

  phase("sandbox and shop");
  const app = await appThread;
  const world: DemoWorld = {
    sandbox,
    shop,
    ifShopCode: IF_SHOP_CODE,
    ctx,
    db: seeder.db,
    admin: createAdminClient({ shop, accessToken: DEMO_ACCESS_TOKEN, apiOrigin: sandbox.shopify.url, http: seeder.http }),
    // Jobs sent here are rows the app's thread runs (this runtime runs none).
    appJobs: seeder.jobs,
  };
  phase("app boot");
  try {
    const played = await playHistory(world, story, tm, timings);
    phase("history");
    tm.release();
    // The month ends with the shop's scheduled reconciliation, as the app runs it, in the background; once it has
    // run, the customer who had not finished the REVER return does it, and "Retry sync" on it links the process.
    const reconciled = world.appJobs
      .send("shop.reconcile", { shop }, { shop })
      .then(() => settle(world))
      .then(() => {
        for (const p of played.values()) if (p.story.noProcess) sandbox.rever.createProcess({ processId: processIdOf(p.story.n), orderNumber: p.orderName.replace(/^#/, "") });
      });
    await refreshAll(seeder.db, shop);
    phase("analytics");
    timings.set("app thread busy", await app.open());
    timings.set("main thread busy", performance.eventLoopUtilization().active);
    const cpu = process.cpuUsage();
    timings.set("process cpu", (cpu.user + cpu.system) / 1000);
    if (process.env.DEMO_TIMING === "1") opts.log?.(`timings: ${[...timings].map(([k, v]) => `${k} ${k === "settles" ? v : `${Math.round(v)} ms`}`).join(", ")}`);
    const everyMs = Math.max(0.2, Number(process.env.DEMO_CARRIER_SECONDS || 4)) * 1000;
    const carrier = process.env.DEMO_CARRIER === "off" ? null : startCarrier(world, played, { everyMs, log: opts.log ?? (() => undefined) });
    return {
      appUrl: app.url,
      carrier,
      lines: [
        `app ${app.url}`,
        ...sandbox.lines,
        `profile ${sandbox.profile}`,
        carrier ? `carrier moves a parcel every ${everyMs / 1000} s (DEMO_CARRIER=off keeps them still)` : "carrier off (DEMO_CARRIER=off)",
      ],
      async close() {
        await reconciled.catch(() => undefined);
        await carrier?.stop();
        await app.close();
        await sandbox.close();
        await seeder.close();
      },
    };
  } catch (err) {
    await app.close();
    await sandbox.close();
    await seeder.close();
    throw err;
  }
}
