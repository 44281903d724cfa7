import { appendFileSync } from "node:fs";
import path from "node:path";
import { setLogLevel, setLogSink } from "../app/logger.server";

// Every test worker gets a valid, fake configuration; tests that need more set it themselves.
process.env.NODE_ENV = "test";
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret-0123456789";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";
process.env.ENCRYPTION_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

// Every log line of every suite, at every level, goes to a file that the global teardown scans for secrets
// (test/global-setup.ts). RB_TEST_LOG_STDOUT=1 also prints them.
const dir = process.env.RB_TEST_LOG_DIR;
if (dir) {
  const file = path.join(dir, `worker-${process.pid}.log`);
  setLogLevel("debug");
  setLogSink((line) => {
    appendFileSync(file, `${line}\n`);
    if (process.env.RB_TEST_LOG_STDOUT === "1") process.stdout.write(`${line}\n`);
  });
}
