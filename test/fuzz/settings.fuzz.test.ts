import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngines } from "../db";
import { APP_URL, callRoute, fingerprint, routeModules, startRig, type Rig, type RouteModule } from "../isolation/rig";
import { fuzzCases, hostileValue, malformedBody, rng, type Rng } from "./generators";

// At least 1,000 generated malformed or hostile submissions per settings form (the settings page and the
// onboarding page, which share one action), in process against the real route modules with real session
// tokens: wrong types, missing fields, huge strings, invalid UTF-8, broken multipart, oversized bodies,
// forged or missing tokens. Never a crash (Remix would answer 500); a refused submission stores nothing; the
// page still renders after whatever was accepted; no submitted credential ever reaches a log line.

const routesDir = path.resolve(import.meta.dirname, "../../app/routes");
const FORMS = ["app.settings.tsx", "app.onboarding.tsx"];
const HOSTILE = ["", " ", "\u0000", "'; DROP TABLE \"ProviderConnection\"; --", "<script>alert(1)</script>", "../../etc/passwd", "%00%ff", "💥".repeat(30), "__proto__", "NaN", "-1", "1e309", "9".repeat(400), "https://evil.example/api", "javascript:alert(1)", "http://10.0.0.1/", "true", "on"];

function connectionForm(g: Rng, rig: Rig, credentials: string[]): Record<string, string> {
  const provider = g.pick(["IFRETURNS", "REVER", "IFRETURNS", "REVER", "", "OTHER"]);
  const credential = `fuzz-cred-${g.int(1e6, 9e6)}-${g.int(1e6, 9e6)}`;
  credentials.push(credential);
  const form: Record<string, string> = {
    intent: "save-connection",
    provider,
    environment: g.pick(["custom", "custom", "production", "staging", "development", "moon"]),
    baseUrl: provider === "REVER" ? rig.reverSim.url : rig.ifSim.url,
    credential,
    "warehouseAddress.name": "Returns warehouse",
    "warehouseAddress.email": "warehouse@example.com",
    "warehouseAddress.phone": "+34911222333",
    "warehouseAddress.line1": "Avenida de la Logística 4",
    "warehouseAddress.city": "Getafe",
    "warehouseAddress.postalCode": "28906",
    "warehouseAddress.countryCode": "ES",
    defaultCarrierService: provider === "REVER" ? "UPS" : "IF-UPS-EXPRESS-SAVER",
    carrierServices: provider === "REVER" ? "UPS, DHL" : "IF-UPS-EXPRESS-SAVER, IF-SEUR-HOME2SHOP",
    defaultLabelFormat: g.pick(["PDF", "ZPL", "PNG", "JPG", "GIF"]),
    "defaultParcel.weightGrams": String(g.int(-10, 80_000)),
    "defaultParcel.lengthCm": g.pick(["", "30", "-1", "abc"]),
    requestsPerSecond: g.pick(["", "10", "100", "0", "101", "2.5", "ten"]),
    notifyCustomer: g.pick(["on", "", "maybe"]),
    syncToShopify: "on",
    syncToProvider: g.pick(["on", ""]),
    ecommerceId: g.pick(["returns-bridge-demo", "", " "]),
    logisticsProvider: "SendCloud",
    shopCode: g.pick(["returnsbridgedemo", "", "bad code!"]),
  };
  return mutateForm(g, form);
}

function rulesForm(g: Rng): Record<string, string> {
  return mutateForm(g, {
    intent: "save-rules",
    reconcileIntervalMinutes: g.pick(["60", "5", "1440", "4", "1441", "0", "-5", "abc", "60.5", ""]),
    defaultProvider: g.pick(["IFRETURNS", "REVER", "", "NOBODY"]),
    approveBeforeLabel: g.pick(["on", "", "true", "1", "yes"]),
    closeOnWarehouse: g.pick(["on", ""]),
    pushCancellations: g.pick(["on", ""]),
  });
}

/** Fields dropped, replaced by hostile or huge values, or added. */
function mutateForm(g: Rng, form: Record<string, string>): Record<string, string> {
  const out = { ...form };
  const keys = Object.keys(out).filter((k) => k !== "intent");
  for (let i = 0, n = g.int(0, 4); i < n; i++) {
    const k = g.pick(keys);
    const action = g.int(0, 4);
    if (action === 0) delete out[k];
    else if (action === 1) out[k] = g.pick(HOSTILE);
    else if (action === 2) out[k] = "x".repeat(g.int(1000, 300_000));
    else if (action === 3) out[g.pick(["extra", "__proto__", "warehouseAddress.__proto__.x", "a.b.c.d", "x".repeat(200)])] = String(g.pick(HOSTILE));
    else out[k] = JSON.stringify(hostileValue(g)) ?? "";
  }
  return out;
}

interface Submission {
  headers: Record<string, string>;
  body: BodyInit | undefined;
  intent: string | null;
}

async function submission(g: Rng, rig: Rig, credentials: string[]): Promise<Submission> {
  const headers: Record<string, string> = {};
  const t = g.next();
  if (t < 0.8) headers.authorization = `Bearer ${await rig.token(rig.a.shop)}`;
  else if (t < 0.85) headers.authorization = `Bearer ${await rig.token(rig.a.shop, {}, "wrong-secret-0123456789abcdef")}`;
  else if (t < 0.9) headers.authorization = `Bearer ${await rig.token(rig.a.shop, { exp: Math.floor(Date.now() / 1000) - 600 })}`;
  else if (t < 0.95) headers.authorization = g.pick(["Bearer", "Bearer a.b.c", "Basic Zm9vOmJhcg==", `Bearer ${"x".repeat(5000)}`]);

  const kind = g.int(0, 19);
  let fields: Record<string, string>;
  if (kind <= 8) fields = connectionForm(g, rig, credentials);
  else if (kind <= 13) fields = rulesForm(g);
  else if (kind === 14) fields = { intent: g.pick(["delete-connection", "complete-onboarding"]), provider: g.pick(["IFRETURNS", "REVER", "", "X"]) };
  else if (kind === 15) fields = { intent: "test-connection", provider: g.pick(["IFRETURNS", "REVER", "", "X"]) };
  else fields = mutateForm(g, { intent: String(g.pick(["", "format-disk", "SAVE-RULES", "save-connection ", ...HOSTILE])), provider: "IFRETURNS" });

  const enc = g.int(0, 9);
  let body: BodyInit;
  if (enc <= 5) {
    body = new URLSearchParams(fields).toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
  } else if (enc <= 7) {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    if (g.bool(0.3)) fd.append("file", new Blob([new Uint8Array(malformedBody(g))]), "label.pdf");
    body = fd;
  } else if (enc === 8) {
    // Bytes that are not valid UTF-8, or a multipart body whose boundary never comes.
    body = g.bool()
      ? new Uint8Array(Buffer.concat([Buffer.from(`intent=${fields.intent}&reconcileIntervalMinutes=`), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80]), Buffer.from("&defaultProvider=REVER")]))
      : `--nope\r\ncontent-disposition: form-data; name="intent"\r\n\r\nsave-rules`;
    headers["content-type"] = g.bool() ? "application/x-www-form-urlencoded" : "multipart/form-data; boundary=missing";
  } else {
    body = g.bool() ? new Uint8Array(malformedBody(g)) : JSON.stringify(fields);
    headers["content-type"] = g.pick(["application/json", "text/plain", "multipart/form-data", "application/x-www-form-urlencoded"]);
  }
  return { headers, body, intent: fields.intent ?? null };
}

describe.each(testEngines())("settings forms under fuzzing on %s", (kind) => {
  // Full size on both engines: a save that goes through comes late in the sequence, and the forms are cheap.
  const cases = Math.max(fuzzCases(kind), 1000);
  let rig: Rig;
  const logs: string[] = [];

  beforeAll(async () => {
    rig = await startRig(kind, { logSink: (line) => logs.push(line) });
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  it("answers a body that is not a form with 400 on every embedded page that takes one", async () => {
    const pages = routeModules(routesDir).filter((f) => f.startsWith("app.") && f.endsWith(".tsx"));
    let withActions = 0;
    for (const page of pages) {
      const route = (await import(/* @vite-ignore */ path.join(routesDir, page))) as RouteModule;
      if (!route.action) continue;
      withActions++;
      for (const [type, body] of [
        ["application/json", '{"intent":"save-rules"}'],
        ["multipart/form-data; boundary=missing", "--nope\r\n\r\nintent"],
        ["text/plain", "intent=save-rules"],
      ]) {
        const answer = await callRoute(rig.rt, route, { method: "POST", url: `${APP_URL}/app/x`, params: { id: rig.a.linkId }, headers: { authorization: `Bearer ${await rig.token(rig.a.shop)}`, "content-type": type }, body });
        expect(answer.crashed, `${page} with ${type}`).toBeUndefined();
        expect(answer.status, `${page} with ${type}`).toBe(400);
      }
    }
    expect(withActions).toBeGreaterThanOrEqual(4);
  });

  it("never lets a field name reach the prototype of every object, nor walk through a value", async () => {
    const route = (await import(/* @vite-ignore */ path.join(routesDir, "app.settings.tsx"))) as RouteModule;
    const body = new URLSearchParams([
      ["intent", "save-connection"],
      ["provider", "IFRETURNS"],
      ["warehouseAddress.__proto__.polluted", "yes"],
      ["constructor.prototype.polluted", "yes"],
      ["defaultParcel", "heavy"],
      ["defaultParcel.weightGrams", "1000"],
    ]).toString();
    const answer = await callRoute(rig.rt, route, { method: "POST", url: `${APP_URL}/app/settings`, params: {}, headers: { authorization: `Bearer ${await rig.token(rig.a.shop)}`, "content-type": "application/x-www-form-urlencoded" }, body });
    expect(answer.crashed).toBeUndefined();
    expect(answer.json).toMatchObject({ intent: "save-connection", ok: false });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(FORMS)(
    `%s takes ${cases.toLocaleString("en")} hostile submissions without a crash, storing nothing from a refused one`,
    async (file) => {
      const g = rng([...file].reduce((a, c) => a * 31 + c.charCodeAt(0), 3) >>> 0);
      const route = (await import(/* @vite-ignore */ path.join(routesDir, file))) as RouteModule;
      const credentials: string[] = [];
      const outcomes = new Map<string, number>();
      for (let i = 0; i < cases; i++) {
        const s = await submission(g, rig, credentials);
        if (s.intent === "test-connection") {
          // A connection test calls the saved endpoint: keep it on this machine whatever was saved before.
          await rig.t.db.providerConnection.updateMany({ where: { shop: rig.a.shop }, data: { baseUrl: "http://127.0.0.1:9/" } });
        }
        const before = await fingerprint(rig.t);
        const answer = await callRoute(rig.rt, route, { method: "POST", url: `${APP_URL}/${file === "app.settings.tsx" ? "app/settings" : "app/onboarding"}`, params: {}, headers: s.headers, body: s.body });
        const where = `case ${i}: ${s.intent?.slice(0, 40)} ${JSON.stringify(s.headers).slice(0, 160)} -> ${answer.status} ${JSON.stringify(answer.json)?.slice(0, 300)}`;
        if (answer.crashed) throw Object.assign(answer.crashed as Error, { message: `${(answer.crashed as Error).message} (${where})` });
        const result = answer.json as { intent?: string | null; ok?: boolean } | null;
        const key = answer.status !== 200 ? String(answer.status) : `${result?.intent ?? "none"}:${result?.ok ?? "-"}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        expect([200, 302, 400, 401, 403, 410, 413].includes(answer.status), where).toBe(true);
        expect(Object.keys(Object.prototype), `the prototype of every object was changed: ${where}`).toEqual([]);
        const refused = answer.status >= 400 || (answer.status === 200 && result?.ok === false && result.intent !== "test-connection");
        if (refused) expect(await fingerprint(rig.t), `refused, yet something was stored: ${where}`).toBe(before);
        if (i % 100 === 99) {
          // Whatever was accepted, the pages that read it still render.
          for (const page of FORMS) {
            const loader = (await import(/* @vite-ignore */ path.join(routesDir, page))) as RouteModule;
            const shown = await callRoute(rig.rt, loader, { method: "GET", url: `${APP_URL}/app/x`, params: {}, headers: { authorization: `Bearer ${await rig.token(rig.a.shop)}` } });
            expect(shown.crashed, `${page} after ${where}`).toBeUndefined();
            expect(shown.status).toBe(200);
          }
        }
      }
      // Reached past authentication and validation both ways, so the suite cannot pass by refusing everything.
      expect(outcomes.get("save-connection:true") ?? 0).toBeGreaterThan(0);
      expect(outcomes.get("save-connection:false") ?? 0).toBeGreaterThan(0);
      expect(outcomes.get("save-rules:true") ?? 0).toBeGreaterThan(0);
      expect(outcomes.get("save-rules:false") ?? 0).toBeGreaterThan(0);
      expect(outcomes.get("401") ?? 0).toBeGreaterThan(0);
      const leaked = credentials.filter((c) => logs.some((l) => l.includes(c)));
      expect(leaked, "submitted credentials found in log lines").toEqual([]);
    },
    240_000,
  );
});
