import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hugeStream, trickleStream } from "./hostile-streams";
import { labelPdf } from "./label-files";
import type { SimRequest, SimResponse, SimRoute } from "./sim-server";

// The hostile side of the provider simulators (decision 0008): label URLs into internal addresses, redirect chains,
// names that resolve to loopback, active content posing as labels, javascript: tracking links, 1 GiB bodies and
// answers that trickle. Each behaviour can be switched on alone. The simulator never fetches or resolves any of
// the URLs it hands out; internal ones on this machine point at a canary listener that records who came.

export const HOSTILE_BEHAVIOURS = [
  "metadata-url", // label URL http://169.254.169.254/latest/meta-data/ (cloud metadata service)
  "loopback-url", // label URL http://127.0.0.1:<canary port>/ (a service on the app's own host)
  "private-url", // label URL http://10.0.0.1/ (a private network address)
  "rebinding-name", // label URL on a public DNS name that resolves to 127.0.0.1 (*.localtest.me)
  "redirect-chain", // label URL on the provider's origin, redirecting three times, the last hop into the canary
  "html-label", // label URL ending in .pdf that serves text/html with a script
  "svg-label", // label URL ending in .pdf that serves image/svg+xml with a script
  "huge-label", // label file of 1 GiB, streamed
  "trickle-label", // label file sent one byte a second
  "javascript-tracking-url", // tracking URLs are javascript: URLs
  "huge-answer", // API answers padded to 1 GiB (valid JSON followed by whitespace), streamed
  "trickle-answer", // API answers sent one byte a second
] as const;
export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number];

const LABEL_URL_KINDS: readonly HostileBehaviour[] = ["metadata-url", "loopback-url", "private-url", "rebinding-name", "redirect-chain", "html-label", "svg-label", "huge-label", "trickle-label"];
const ANSWER_KINDS: readonly HostileBehaviour[] = ["huge-answer", "trickle-answer"];

export const METADATA_URL = "http://169.254.169.254/latest/meta-data/";
export const PRIVATE_URL = "http://10.0.0.1/";
/** Public DNS answers 127.0.0.1 for every *.localtest.me name; tests map it with their own resolver instead. */
export const REBINDING_HOST = "returns-bridge-label.localtest.me";
export const JAVASCRIPT_URL = "javascript:alert(document.domain)";

export interface HostileTuning {
  /** Size of huge bodies. Default 1 GiB. */
  hugeBytes?: number;
  /** Pause between trickled bytes. Default 1000 ms. */
  trickleIntervalMs?: number;
  /** Redirects before the final hop. Default 3. */
  redirectHops?: number;
  /** Where the redirect chain ends. Default the canary's /latest/meta-data/ (internal, and on this machine). */
  redirectTarget?: string;
}

export interface CanaryHit {
  method: string;
  path: string;
  host: string;
  /** Whether the caller sent an Authorization, x-rever-api-key or Cookie header to the internal address. */
  sentCredentials: boolean;
}

/** What tests read to map names, recognise hostile URLs and see whether anything reached an internal address. */
export interface HostileSurface {
  behaviours: readonly HostileBehaviour[];
  /** Every hostile URL handed out so far, in order, each once. */
  emitted: string[];
  /** Every internal target a hostile URL may lead to. */
  internalUrls: string[];
  /** Host names in hostile URLs and the address public DNS gives them, for a test's own resolver. */
  hosts: Record<string, string>;
  /** The loopback listener internal URLs on this machine point at; null when no behaviour is on. */
  canaryUrl: string | null;
  canaryHits: CanaryHit[];
  /** Hostile bodies still being sent (0 once every client hung up or finished). */
  openStreams(): number;
}

export interface Hostile {
  surface: HostileSurface;
  /** Public routes serving the hostile label URLs on the simulator's origin. */
  routes: SimRoute[];
  /** The URL to hand out for a label file: the real one, or a hostile one (fixed per key once chosen). */
  labelUrl(realUrl: string, key: string): string;
  trackingUrl(realUrl: string): string;
  transformAnswer(req: SimRequest, response: SimResponse): SimResponse;
  close(): Promise<void>;
}

const HTML_LABEL = `<!doctype html><html><head><title>Shipping label</title></head><body><h1>Shipping label</h1><img src="x" onerror="alert(document.domain)"><script>fetch("/app").then((r) => r.text()).then((t) => parent.postMessage(t, "*"));</script></body></html>\n`;
const SVG_LABEL = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="600"><script>alert(document.domain)</script><text x="20" y="40">Shipping label</text></svg>\n`;

async function startCanary(hits: CanaryHit[]): Promise<Server> {
  const server = createServer((req, res) => {
    const h = req.headers;
    hits.push({ method: req.method ?? "GET", path: req.url ?? "/", host: String(h.host ?? ""), sentCredentials: Boolean(h.authorization || h["x-rever-api-key"] || h.cookie) });
    const body = JSON.stringify({ canary: "internal address reached", AccessKeyId: "ASIA-CANARY", SecretAccessKey: "canary-secret" });
    res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** `origin()` is the simulator's URL (base path included), known only once its server listens. */
export async function createHostile(behaviours: readonly HostileBehaviour[], answerEvery: number, tuning: HostileTuning, origin: () => string): Promise<Hostile> {
  const on = new Set(behaviours);
  const hugeBytes = tuning.hugeBytes ?? 2 ** 30;
  const trickleMs = tuning.trickleIntervalMs ?? 1000;
  const hops = Math.max(1, tuning.redirectHops ?? 3);
  const canaryHits: CanaryHit[] = [];
  const canary = on.size ? await startCanary(canaryHits) : null;
  const canaryUrl = canary ? `http://127.0.0.1:${(canary.address() as AddressInfo).port}/` : null;
  const redirectTarget = tuning.redirectTarget ?? (canaryUrl ? `${canaryUrl}latest/meta-data/` : METADATA_URL);
  const internal: Partial<Record<HostileBehaviour, string>> = {
    "metadata-url": METADATA_URL,
    "loopback-url": canaryUrl ?? undefined,
    "private-url": PRIVATE_URL,
    "rebinding-name": canaryUrl ? `http://${REBINDING_HOST}:${new URL(canaryUrl).port}/label.pdf` : undefined,
  };
  const labelKinds = LABEL_URL_KINDS.filter((k) => on.has(k));
  const answerKinds = ANSWER_KINDS.filter((k) => on.has(k));
  const chosen = new Map<string, string>();
  const emitted: string[] = [];
  let open = 0;
  let answers = 0;

  const emit = (url: string) => {
    if (!emitted.includes(url)) emitted.push(url);
    return url;
  };
  const counted = <T extends { once(event: "close", cb: () => void): unknown }>(stream: T): T => {
    open++;
    stream.once("close", () => open--);
    return stream;
  };

  function labelUrl(realUrl: string, key: string): string {
    if (!labelKinds.length) return realUrl;
    const known = chosen.get(key);
    if (known) return known;
    const kind = labelKinds[chosen.size % labelKinds.length];
    const id = encodeURIComponent(key);
    const url =
      internal[kind] ??
      (kind === "redirect-chain" ? `${origin()}/hostile/redirect/${hops}/${id}` : `${origin()}/hostile/labels/${id}/${kind.replace(/-label$/, "")}/label.pdf`);
    chosen.set(key, url);
    return emit(url);
  }

  function hostileBody(kind: string): SimResponse {
    if (kind === "html") return { status: 200, text: HTML_LABEL, contentType: "text/html; charset=utf-8" };
    if (kind === "svg") return { status: 200, text: SVG_LABEL, contentType: "image/svg+xml" };
    if (kind === "huge") return { status: 200, stream: counted(hugeStream(Buffer.from("%PDF-1.7\n%"), hugeBytes)), contentLength: hugeBytes, contentType: "application/pdf" };
    const pdf = Buffer.from(labelPdf(["Slow label"]));
    return { status: 200, stream: counted(trickleStream(pdf, trickleMs)), contentLength: pdf.length, contentType: "application/pdf" };
  }

  const routes: SimRoute[] = [
    {
      method: "GET",
      path: "/hostile/redirect/:hop/:key",
      kind: "label-file",
      public: true,
      handler: (req) => {
        const hop = Number(req.params.hop);
        const location = hop > 1 ? `${origin()}/hostile/redirect/${hop - 1}/${encodeURIComponent(req.params.key)}` : redirectTarget;
        return { status: 302, headers: { location }, text: "" };
      },
    },
    {
      method: "GET",
      path: "/hostile/labels/:key/:kind/label.pdf",
      kind: "label-file",
      public: true,
      handler: (req) => (["html", "svg", "huge", "trickle"].includes(req.params.kind) ? hostileBody(req.params.kind) : { status: 404, text: "" }),
    },
  ];

  function transformAnswer(_req: SimRequest, response: SimResponse): SimResponse {
    if (!answerKinds.length || response.status < 200 || response.status >= 300 || response.json === undefined) return response;
    answers++;
    if (answers % answerEvery !== 0) return response;
    const kind = answerKinds[(answers / answerEvery - 1) % answerKinds.length];
    const json = Buffer.from(JSON.stringify(response.json));
    const base = { status: response.status, headers: response.headers, contentType: "application/json" };
    if (kind === "huge-answer") {
      const total = Math.max(hugeBytes, json.length);
      return { ...base, stream: counted(hugeStream(json, total)), contentLength: total };
    }
    return { ...base, stream: counted(trickleStream(json, trickleMs)), contentLength: json.length };
  }

  return {
    surface: {
      behaviours: [...on],
      emitted,
      internalUrls: [...new Set([METADATA_URL, PRIVATE_URL, ...(canaryUrl ? [canaryUrl, internal["rebinding-name"]!, redirectTarget] : [redirectTarget])])],
      hosts: { [REBINDING_HOST]: "127.0.0.1" },
      canaryUrl,
      canaryHits,
      openStreams: () => open,
    },
    routes,
    labelUrl,
    trackingUrl: (realUrl) => (on.has("javascript-tracking-url") ? emit(JAVASCRIPT_URL) : realUrl),
    transformAnswer,
    close: () =>
      new Promise<void>((resolve) => {
        if (!canary) return resolve();
        canary.closeAllConnections();
        canary.close(() => resolve());
      }),
  };
}
