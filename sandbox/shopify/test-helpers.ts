import http from "node:http";
import type { Loose } from "./loose";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { signSessionToken } from "./session-token";
import { startShopifySimulator, type ShopifySimulator, type ShopifySimulatorOptions } from "./simulator";
import { readWebhookPaths } from "./webhooks";

// Test helpers: a webhook receiver standing in for the app, and a simulator wired to it.

export interface ReceivedWebhook {
  path: string;
  headers: http.IncomingHttpHeaders;
  rawBody: Buffer;
  json: Record<string, Loose>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status to answer with; a function may vary it per request (e.g. fail the first attempt). */
  answer: number | ((w: ReceivedWebhook, n: number) => number | "hang");
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const hanging: http.ServerResponse[] = [];
  const receiver: WebhookReceiver = {
    url: "",
    received,
    answer: 200,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks);
    const w: ReceivedWebhook = { path: req.url ?? "", headers: req.headers, rawBody, json: JSON.parse(rawBody.toString("utf8") || "{}") };
    received.push(w);
    const status = typeof receiver.answer === "function" ? receiver.answer(w, received.length) : receiver.answer;
    if (status === "hang") {
      hanging.push(res);
      return;
    }
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

export const TEST_SECRET = "sim-app-secret-0123456789";
export const TEST_TOKEN = "shpat_sandbox_0123456789abcdef";
/** The merchant's own token (a custom app made in the admin): what tests seed and act with, never the app's. */
export const TEST_MERCHANT_TOKEN = "shpat_merchant_custom_app_0123456789";
export const TEST_SHOP = "returns-bridge-test.myshopify.com";
/** The app's client id as the simulator knows it (the test environment's SHOPIFY_API_KEY). */
export const TEST_API_KEY = "test-api-key";

/**
 * A session token (App Bridge ID token) for the simulator's shop, signed with the app secret and valid for a
 * minute on the simulator's clock: what the app exchanges at POST /admin/oauth/access_token.
 */
export function mintSessionToken(sim: Pick<ShopifySimulator, "clock">, opts: { shop?: string; apiKey?: string; apiSecret?: string; lifetimeSeconds?: number } = {}): string {
  return signSessionToken({
    shop: opts.shop ?? TEST_SHOP,
    apiKey: opts.apiKey ?? TEST_API_KEY,
    apiSecret: opts.apiSecret ?? TEST_SECRET,
    now: sim.clock.now(),
    lifetimeSeconds: opts.lifetimeSeconds,
  });
}

/** For `seedShop(client, spec, { backdateOrder: backdateOn(sim) })`: an order with `ageDays` was placed that long ago (simulator clock). */
export function backdateOn(sim: Pick<ShopifySimulator, "store" | "clock">): (orderId: string, ageDays: number) => void {
  return (orderId, ageDays) => sim.store.backdateOrder(orderId, new Date(sim.clock.now().getTime() - ageDays * 24 * 60 * 60 * 1000));
}

/** The project's own shopify.app.toml, so webhook paths are the app's real routes. */
export function appWebhookPaths(): Record<string, string> {
  return readWebhookPaths(path.resolve(import.meta.dirname, "../../shopify.app.toml"));
}

export async function startTestSimulator(appUrl: string, extra: Partial<ShopifySimulatorOptions> = {}): Promise<ShopifySimulator> {
  return startShopifySimulator({
    apiSecret: TEST_SECRET,
    apiKey: TEST_API_KEY,
    accessToken: TEST_TOKEN,
    merchantToken: TEST_MERCHANT_TOKEN,
    shop: TEST_SHOP,
    appUrl,
    webhookPaths: appWebhookPaths(),
    webhookRetryDelayMs: () => 5,
    webhookAnswerTimeoutMs: 300,
    flowAction: { retryDelayMs: () => 5, answerTimeoutMs: 2000 },
    ...extra,
  });
}

/** A GraphQL Admin call to the simulator as the merchant's custom app (its access token), the answer as JSON. */
export async function merchantGraphql(sim: Pick<ShopifySimulator, "url">, query: string, variables: Record<string, unknown> = {}): Promise<Record<string, Loose>> {
  const res = await fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": TEST_MERCHANT_TOKEN },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Record<string, Loose>;
}
