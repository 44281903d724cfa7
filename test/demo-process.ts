import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// `npm run demo` as a reviewer starts it (own port, own database file, own secret). The browser suite builds the
// app once in its global setup and skips the demo's build; the demo test lets the demo build as a reviewer's does.
// The printed lines give the simulators' URLs and sandbox credentials.

const root = path.resolve(import.meta.dirname, "..");

export interface DemoProcess {
  baseUrl: string;
  databaseFile: string;
  secret: string;
  shop: string;
  simulators: Record<string, { url: string; credential: string }>;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface DemoProcessOptions {
  /** Let the demo build the app (default false: the caller built it). */
  build?: boolean;
  logLevel?: string;
  /** The provider simulators' profile (SANDBOX_PROFILE: default, documented-minimum, hostile). */
  profile?: string;
}

/** The last line the demo prints once it is ready: everything before it has been printed too. */
const READY = /Ctrl\+C stops everything/;

export async function startDemoProcess(opts: DemoProcessOptions = {}): Promise<DemoProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), "rb-browser-demo-"));
  const port = await freePort();
  const secret = "browser-test-secret-0123456789";
  const shop = "returns-bridge-demo.myshopify.com";
  const databaseFile = path.join(dir, "demo.sqlite");
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/demo.ts"], {
    cwd: root,
    // A clean environment, as a reviewer's shell has (the test worker's own settings must not leak in).
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      NODE_ENV: "development",
      PORT: String(port),
      DATABASE_URL: `file:${databaseFile}`,
      SHOPIFY_API_SECRET: secret,
      DEMO_SHOP: shop,
      ...(opts.build ? {} : { DEMO_SKIP_BUILD: "1" }),
      DEMO_SANDBOX_PORTS: "auto",
      ...(opts.profile ? { SANDBOX_PROFILE: opts.profile } : {}),
      LOG_LEVEL: opts.logLevel ?? "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const stop = async () => {
    if (child.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 170_000);
      const check = setInterval(() => {
        if (READY.test(output)) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 100);
      child.once("exit", (code) => {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`demo exited with ${code}:\n${output}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const simulators: DemoProcess["simulators"] = {};
  for (const m of output.matchAll(/^\s+(shopify|ifreturns|rever) (http\S+) (\S+)$/gm)) simulators[m[1]] = { url: m[2], credential: m[3] };
  return { baseUrl: `http://127.0.0.1:${port}`, databaseFile, secret, shop, simulators, output: () => output, stop };
}
