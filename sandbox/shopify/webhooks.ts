import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import fs from "node:fs";

// Webhook delivery the way Shopify does it: signed JSON POSTs, at least once (retried on a non-2xx answer
// or when no answer comes in time), and, on request, duplicated, reordered, delayed or dropped.

export const WEBHOOK_API_VERSION = "2026-07";

/** base64 HMAC-SHA256 of the raw body keyed by the app's client secret (X-Shopify-Hmac-Sha256). */
export function signWebhook(body: string | Uint8Array, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

/** Constant-time check of X-Shopify-Hmac-Sha256 against the raw body. */
export function verifyWebhookHmac(rawBody: string | Uint8Array, header: string | null | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhook(rawBody, secret), "base64");
  let given: Buffer;
  try {
    given = Buffer.from(header, "base64");
  } catch {
    return false;
  }
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * topic -> path from shopify.app.toml's [[webhooks.subscriptions]] (a tiny parser for `topics = [..]` and
 * `uri = ".."` inside each block; compliance topics are included too).
 */
export function parseWebhookPaths(tomlText: string): Record<string, string> {
  const out: Record<string, string> = {};
  const blocks = tomlText.split(/^\s*\[\[webhooks\.subscriptions\]\]\s*$/m).slice(1);
  for (const block of blocks) {
    const body = block.split(/^\s*\[(?!\[webhooks\.subscriptions)/m)[0];
    const uri = /^\s*uri\s*=\s*"([^"]+)"/m.exec(body)?.[1];
    if (!uri) continue;
    for (const m of body.matchAll(/^\s*(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/gm)) {
      for (const t of m[1].matchAll(/"([^"]+)"/g)) out[t[1]] = uri;
    }
  }
  return out;
}

export function readWebhookPaths(tomlPath: string): Record<string, string> {
  return parseWebhookPaths(fs.readFileSync(tomlPath, "utf8"));
}

export interface DeliveryMode {
  /** Send every webhook twice (same X-Shopify-Webhook-Id, as a real redelivery). */
  duplicate?: boolean;
  /** Hold deliveries and send them in a shuffled order on flush() (or after delayMs). */
  reorder?: boolean;
  /** Wait this long before the first attempt of each delivery. */
  delayMs?: number;
  /** Fraction of first attempts dropped on the floor (the retry still comes). */
  dropRate?: number;
  /** Makes reorder and drops reproducible. */
  seed?: number;
}

export interface DeliveredWebhook {
  topic: string;
  webhookId: string;
  eventId: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  status: number | null;
  attempt: number;
  at: string;
}

export interface WebhookDispatcherOptions {
  apiSecret: string;
  appUrl: string;
  shop: string;
  paths: Record<string, string>;
  /** How long to wait for an answer before counting the attempt as failed (Shopify: 5 s). */
  answerTimeoutMs?: number;
  /** Delay before retry n (1-based); Shopify backs off over 48 h, tests want milliseconds. */
  retryDelayMs?: (attempt: number) => number;
  maxAttempts?: number;
  now?: () => Date;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pending {
  topic: string;
  payload: Record<string, unknown>;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
}

export class WebhookDispatcher {
  readonly delivered: DeliveredWebhook[] = [];
  private mode: DeliveryMode = {};
  private random: () => number = Math.random;
  private held: Pending[] = [];
  private inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly opts: WebhookDispatcherOptions) {}

  setMode(mode: DeliveryMode): void {
    this.mode = { ...mode };
    this.random = mode.seed === undefined ? Math.random : mulberry32(mode.seed);
  }

  /** Queue the webhooks one state change triggered. */
  emit(events: Array<{ topic: string; payload: Record<string, unknown> }>): void {
    const triggeredAt = (this.opts.now?.() ?? new Date()).toISOString();
    for (const e of events) {
      if (!this.opts.paths[e.topic]) continue; // the app did not subscribe
      const p: Pending = { topic: e.topic, payload: e.payload, webhookId: randomUUID(), eventId: randomUUID(), triggeredAt };
      if (this.mode.reorder) this.held.push(p);
      else this.start(p);
    }
  }

  /** Send held (reordered) deliveries and wait until every delivery in flight has settled. */
  async flush(): Promise<void> {
    if (this.held.length) {
      const batch = this.held.splice(0);
      const original = [...batch];
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [batch[i], batch[j]] = [batch[j], batch[i]];
      }
      // A shuffle that changed nothing would not test ordering: reverse instead.
      if (batch.length > 1 && batch.every((p, i) => p === original[i])) batch.reverse();
      for (const p of batch) this.start(p);
    }
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.closed = true;
  }

  private start(p: Pending): void {
    const copies = this.mode.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const task = this.deliver(p).finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  private async deliver(p: Pending): Promise<void> {
    const url = new URL(this.opts.paths[p.topic], this.opts.appUrl).toString();
    const body = JSON.stringify(p.payload);
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-shopify-topic": p.topic,
      "x-shopify-hmac-sha256": signWebhook(body, this.opts.apiSecret),
      "x-shopify-shop-domain": this.opts.shop,
      "x-shopify-webhook-id": p.webhookId,
      "x-shopify-event-id": p.eventId,
      "x-shopify-triggered-at": p.triggeredAt,
      "x-shopify-api-version": WEBHOOK_API_VERSION,
    };
    if (this.mode.delayMs) await new Promise((r) => setTimeout(r, this.mode.delayMs));
    const maxAttempts = this.opts.maxAttempts ?? 8;
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      let status: number | null = null;
      const dropped = attempt === 1 && this.mode.dropRate !== undefined && this.random() < this.mode.dropRate;
      if (!dropped) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), this.opts.answerTimeoutMs ?? 5000);
        try {
          const res = await fetch(url, { method: "POST", headers, body, signal: controller.signal });
          status = res.status;
          await res.arrayBuffer().catch(() => undefined);
        } catch {
          status = null; // no answer in time, or the app is down: retried like a failure
        } finally {
          clearTimeout(timer);
        }
      }
      this.delivered.push({ topic: p.topic, webhookId: p.webhookId, eventId: p.eventId, url, body, headers, status, attempt, at: new Date().toISOString() });
      if (process.env.SHOPIFY_SIM_DEBUG) console.error(`[shopify-sim] webhook ${p.topic} attempt ${attempt} -> ${status ?? "no answer"} ${url}`);
      if (status !== null && status >= 200 && status < 300) return;
      const wait = this.opts.retryDelayMs?.(attempt) ?? Math.min(60_000, 1000 * 2 ** (attempt - 1));
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
