import { loadEnv } from "../app/env.server";
import { redactShop } from "../app/privacy/compliance.server";
import { linkReturn } from "../app/returns/manual-link.server";
import { createRuntime } from "../app/runtime/runtime.server";
import { saveProviderConnection } from "../app/settings/provider-connections.server";
import { createAdminClient } from "../app/shopify/graphql-client.server";
import { loadServerBuild } from "../scripts/lib/server-build";
import { assumedFor } from "./assumed-capabilities";
import { DEMO_ACCESS_TOKEN } from "./demo-config";
import { DEFAULT_REVER_ECOMMERCE } from "./rever";
import { demoSeedSpec, seedShop } from "./shopify/seed";
import { signSessionToken } from "./shopify/session-token";
import { startSandbox } from "./simulators";

// The demo: the three simulators, the real app (the production build) pointed at them, and a shop seeded through
// the Shopify API itself. Returns reach the app the way they do in production: as signed webhooks, processed by
// jobs. The seeding uses a runtime of its own on the same database (it runs no jobs).

export interface RunningDemo {
  appUrl: string;
  lines: string[];
  close(): Promise<void>;
}

const WAREHOUSE = {
  name: "Demo warehouse",
  email: "warehouse@example.com",
  phone: "+34911222333",
  line1: "Calle de Fortunata y Jacinta 12",
  city: "Madrid",
  postalCode: "28020",
  region: "Madrid",
  countryCode: "ES",
};

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Demo: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDemo(opts: { root: string }): Promise<RunningDemo> {
  const e = loadEnv();
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
  const prisma = seeder.db;
  const shop = e.DEMO_SHOP;
  const ctx = seeder.shop(shop);
  await seeder.jobs.cancelShop(shop);
  await redactShop(ctx); // the simulators start empty, so does the demo shop
  // Installed as the Shopify admin installs it: a session token exchanged for an expiring offline token pair.
  await seeder.tokens.exchange(shop, signSessionToken({ shop, apiKey: e.SHOPIFY_API_KEY, apiSecret: e.SHOPIFY_API_SECRET, now: sandbox.shopify.clock.now() }));
  await prisma.shopSettings.create({ data: { shop, defaultProvider: "IFRETURNS", onboardedAt: new Date() } });
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
    { ...common, provider: "IFRETURNS", baseUrl: sandbox.ifreturns.url, credential: sandbox.ifreturns.credential, shopCode: "returnsbridgedemo", defaultCarrierService: "IF-UPS-EXPRESS-SAVER", carrierServices: ["IF-UPS-EXPRESS-SAVER", "IF-SEUR-HOME2SHOP"], assumedCapabilities: assumedFor("IFRETURNS", assumed) },
    { ...common, provider: "REVER", baseUrl: sandbox.rever.url, credential: sandbox.rever.credential, ecommerceId: DEFAULT_REVER_ECOMMERCE, logisticsProvider: "SendCloud", defaultCarrierService: "UPS", assumedCapabilities: assumedFor("REVER", assumed) },
  ]) {
    const saved = await saveProviderConnection(ctx, input);
    if (!saved.ok) throw new Error(`Demo connection refused: ${JSON.stringify(saved.fieldErrors)}`);
  }

  const { build, bootApp } = await loadServerBuild(opts.root);
  const app = await bootApp({ build, root: opts.root, env: appEnv });

  // A dozen orders with returns in every status, created through the Admin API of the Shopify simulator by the merchant.
  const client = createAdminClient({ shop, accessToken: DEMO_ACCESS_TOKEN, apiOrigin: sandbox.shopify.url, http: seeder.http });
  const orders = await seedShop(client, demoSeedSpec());
  const returns = orders.flatMap((o) => o.returns.map((r) => ({ ...r, orderName: o.name })));
  for (const [i, r] of returns.entries()) {
    const merchantReturnName = r.name.replace(/^#/, "");
    // Every third return is handled in REVER: its process exists there, the rest are iF returns.
    if (i % 3 === 2) sandbox.rever.createProcess({ processId: `proc_${merchantReturnName}`, orderNumber: r.orderName.replace(/^#/, "") });
    else sandbox.ifreturns.registerReturn({ merchantReturnName, shopCode: "returnsbridgedemo" });
  }
  await waitFor(async () => (await prisma.returnLink.count({ where: { shop } })) >= returns.length, 45_000, "the returns/* webhooks to be processed");
  // What a merchant does on the return page for REVER returns: link the REVER process by hand.
  for (const [i, r] of returns.entries()) {
    if (i % 3 !== 2) continue;
    await linkReturn(ctx, { returnGid: r.id, provider: "REVER", reverProcessId: `proc_${r.name.replace(/^#/, "")}` });
  }

  return {
    appUrl: app.url,
    lines: [`app ${app.url}`, ...sandbox.lines, `profile ${sandbox.profile}`],
    async close() {
      await app.close();
      await sandbox.close();
      await seeder.close();
    },
  };
}
