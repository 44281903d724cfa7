import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_IFRETURNS_CREDENTIAL } from "../sandbox/ifreturns";
import { DEFAULT_REVER_CREDENTIAL } from "../sandbox/rever";
import { DEMO_ACCESS_TOKEN, DEMO_DEFAULTS } from "../sandbox/demo-config";
import { TEST_MERCHANT_TOKEN, TEST_SECRET, TEST_TOKEN } from "../sandbox/shopify/test-helpers";

// Once for the whole run: a folder for every worker's log lines, scanned after the last test for any
// credential or token the suites used. A secret in a log line fails the run.

export const KNOWN_SECRETS = [
  DEFAULT_IFRETURNS_CREDENTIAL,
  DEFAULT_REVER_CREDENTIAL,
  TEST_TOKEN,
  TEST_MERCHANT_TOKEN,
  TEST_SECRET,
  DEMO_ACCESS_TOKEN,
  DEMO_DEFAULTS.SHOPIFY_API_SECRET,
  DEMO_DEFAULTS.ENCRYPTION_KEY,
  "test-api-secret-0123456789",
  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
];

/** Access and refresh tokens the Shopify simulator issues (shpat_/shprt_ and 32 hex digits): never in a log line. */
const ISSUED_TOKEN = /shp(?:at|rt)_[0-9a-f]{32}/;

export function findSecrets(text: string, secrets = KNOWN_SECRETS): string[] {
  const issued = ISSUED_TOKEN.exec(text)?.[0];
  return [...secrets.filter((s) => s && text.includes(s)), ...(issued ? [issued] : [])];
}

export default function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "rb-test-logs-"));
  process.env.RB_TEST_LOG_DIR = dir;
  return () => {
    const leaks: string[] = [];
    let lines = 0;
    for (const f of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, f), "utf8");
      for (const [i, line] of text.split("\n").entries()) {
        if (!line) continue;
        lines++;
        const found = findSecrets(line);
        if (found.length) leaks.push(`${f}:${i + 1}: ${found.map((s) => `${s.slice(0, 6)}…`).join(", ")}`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    if (leaks.length) throw new Error(`Secrets found in ${leaks.length} log line(s) of the test run:\n${leaks.slice(0, 20).join("\n")}`);
    console.log(`Secret scan: ${lines} log lines from the suites, no credential or token found.`);
  };
}
