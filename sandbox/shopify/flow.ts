import { randomUUID } from "node:crypto";
import type { ShopStore } from "./store";
import { NotSimulatedError, simWording } from "./store-model";
import { loadFlowExtensions, payloadKey, type FlowExtension, type FlowField } from "./extension-toml";
import { signWebhook } from "./webhooks";

// Shopify Flow as an app meets it. Triggers: flowTriggerReceive(handle, payload) checked against the fields the app's
// trigger extension declares (https://shopify.dev/docs/apps/build/flow/triggers/reference: an order reference is
// `order_id`, a custom field is its `key`). Actions: Flow POSTs the action's payload to its runtime URL, signed with
// the app's secret in X-Shopify-Hmac-Sha256, retries on 202, 429, 5xx or no answer within 10 s, and gives up on
// any other 4xx (https://shopify.dev/docs/apps/build/flow/actions/endpoints). Flow's own texts for refusals are not
// documented: they start with [sim].

export interface FlowUserError {
  field: string[] | null;
  message: string;
}

export interface FlowReceipt {
  handle: string;
  payload: Record<string, unknown>;
  at: string;
}

export interface FlowActionAttempt {
  actionRunId: string;
  handle: string;
  status: number | null;
  body: string;
}

export interface RunActionOptions {
  /** Flow's run id (one per workflow run); a new one by default. */
  actionRunId?: string;
  /** Send the same run twice at once, as a resend that crosses the first answer. */
  duplicate?: boolean;
}

export interface FlowOptions {
  extensionsDir: string;
  apiSecret: string;
  appUrl: string;
  shop: string;
  /** Flow waits 10 s for an answer (documented). */
  answerTimeoutMs?: number;
  retryDelayMs?: (attempt: number) => number;
  maxAttempts?: number;
}

function typeProblem(field: FlowField, value: unknown, store: ShopStore): string | null {
  switch (field.type) {
    case "order_reference": {
      // A numeric id, as in the trigger reference's examples ("order_id": 12345); a GID is not one.
      const n = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(n) || n <= 0) return "must be a numeric order id";
      return store.orders.has(`gid://shopify/Order/${n}`) ? null : "is not an order of this shop";
    }
    case "single_line_text_field":
      return typeof value === "string" && !/[\r\n]/.test(value) ? null : "must be a single line of text";
    case "number_decimal":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "email":
      return typeof value === "string" && /^[^@\s]+@[^@\s]+$/.test(value) ? null : "must be an email address";
    case "url":
      try {
        return typeof value === "string" && /^https?:$/.test(new URL(value).protocol) ? null : "must be a URL";
      } catch {
        return "must be a URL";
      }
    default:
      throw new NotSimulatedError(`Flow field type ${field.type}`);
  }
}

export class FlowSimulator {
  readonly received: FlowReceipt[] = [];
  readonly actionAttempts: FlowActionAttempt[] = [];
  readonly extensions: FlowExtension[];

  constructor(
    private readonly opts: FlowOptions,
    private readonly store: ShopStore,
  ) {
    this.extensions = loadFlowExtensions(opts.extensionsDir);
  }

  private find(type: FlowExtension["type"], handle: string): FlowExtension | undefined {
    return this.extensions.find((e) => e.type === type && e.handle === handle);
  }

  /** flowTriggerReceive: every declared field present with a value of its type, nothing undeclared. */
  receive(handle: string | null | undefined, payload: unknown): FlowUserError[] {
    const trigger = handle ? this.find("flow_trigger", handle) : undefined;
    if (!trigger) return [{ field: ["handle"], message: simWording(`No Flow trigger with handle ${handle ?? "(none)"} in this app.`) }];
    if (!payload || typeof payload !== "object" || Array.isArray(payload)) return [{ field: ["payload"], message: simWording("The payload must be an object.") }];
    const body = payload as Record<string, unknown>;
    const errors: FlowUserError[] = [];
    const declared = new Map(trigger.fields.map((f) => [payloadKey(f), f]));
    for (const [key, field] of declared) {
      if (!(key in body)) errors.push({ field: ["payload", key], message: simWording(`${key} is missing.`) });
      else {
        const problem = typeProblem(field, body[key], this.store);
        if (problem) errors.push({ field: ["payload", key], message: simWording(`${key} ${problem}.`) });
      }
    }
    for (const key of Object.keys(body)) if (!declared.has(key)) errors.push({ field: ["payload", key], message: simWording(`${key} is not a field of trigger ${handle}.`) });
    if (!errors.length) this.received.push({ handle: trigger.handle, payload: body, at: this.store.stamp() });
    return errors;
  }

  /** Runs the app's action as a workflow step would: its properties checked against the action's fields, then POSTed, signed, with Flow's retries. */
  async runAction(handle: string, properties: Record<string, unknown>, options: RunActionOptions = {}): Promise<FlowActionAttempt[]> {
    const action = this.find("flow_action", handle);
    if (!action?.runtimeUrl) throw new Error(`No Flow action ${handle} with a runtime_url in ${this.opts.extensionsDir}`);
    for (const f of action.fields) {
      const key = payloadKey(f);
      if (f.required && (properties[key] === undefined || properties[key] === "")) throw new Error(`Flow would not run ${handle}: ${key} is required`);
    }
    const actionRunId = options.actionRunId ?? randomUUID();
    const body = JSON.stringify({ shop_id: "1", shopify_domain: this.opts.shop, action_run_id: actionRunId, action_definition_id: handle, handle, properties });
    const url = new URL(new URL(action.runtimeUrl).pathname, this.opts.appUrl).toString();
    const runs = [this.deliver(url, handle, actionRunId, body)];
    if (options.duplicate) runs.push(this.deliver(url, handle, actionRunId, body));
    return (await Promise.all(runs)).flat();
  }

  private async deliver(url: string, handle: string, actionRunId: string, body: string): Promise<FlowActionAttempt[]> {
    const mine: FlowActionAttempt[] = [];
    const maxAttempts = this.opts.maxAttempts ?? 5;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.opts.answerTimeoutMs ?? 10_000);
      let status: number | null = null;
      let retryAfter: number | null = null;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-shopify-hmac-sha256": signWebhook(body, this.opts.apiSecret), "x-shopify-shop-domain": this.opts.shop },
          body,
          signal: controller.signal,
        });
        status = res.status;
        retryAfter = Number(res.headers.get("retry-after")) || null;
        await res.arrayBuffer().catch(() => undefined);
      } catch {
        status = null;
      } finally {
        clearTimeout(timer);
      }
      const a = { actionRunId, handle, status, body };
      mine.push(a);
      this.actionAttempts.push(a);
      const again = status === null || status === 202 || status === 429 || status >= 500;
      if (!again) break;
      const wait = retryAfter !== null ? retryAfter * 1000 : (this.opts.retryDelayMs?.(attempt) ?? 1000 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, wait));
    }
    return mine;
  }
}
