import { createDb } from "../app/db.server";
import { ConfigError, loadEnv } from "../app/env.server";
import { assertDatabaseReady, isDatabaseNotReady } from "../app/runtime/database-ready.server";
import { createSecretBox } from "../app/security/encryption.server";
import { resealAll } from "../app/security/reseal.server";
import { resealShopifySessions } from "../app/shopify/session-reseal.server";

// `npm run secrets:reseal`: seal every stored secret again with ENCRYPTION_KEY (v1 values, and values sealed by a
// key listed in ENCRYPTION_OLD_KEYS). Run it with the app's own configuration after rotating the key; once it
// reports nothing unreadable, the old key can leave ENCRYPTION_OLD_KEYS.
try {
  const env = loadEnv();
  const db = await createDb(env.DATABASE_URL);
  try {
    await assertDatabaseReady(db, env.DATABASE_URL);
    const secrets = createSecretBox(env.ENCRYPTION_KEY, env.ENCRYPTION_OLD_KEYS);
    const reports = await resealAll(db, secrets);
    let unreadable = 0;
    for (const r of reports) {
      console.log(`${r.column}: ${r.scanned} values, ${r.resealed} sealed again with the current key`);
      if (r.unreadable.length) console.error(`  ${r.unreadable.length} no configured key opens (rows ${r.unreadable.join(", ")}): add the key that sealed them to ENCRYPTION_OLD_KEYS`);
      unreadable += r.unreadable.length;
    }
    // Shopify's tokens (Session rows): plaintext ones from before tokens were sealed, and those sealed with an old key.
    const sessions = await resealShopifySessions({ db, secrets });
    console.log(`Session tokens: ${sessions.total} sessions, ${sessions.sealed} sealed for the first time, ${sessions.resealed} sealed again, ${sessions.skipped} changed meanwhile (left as written)`);
    process.exitCode = unreadable ? 2 : 0;
  } finally {
    await db.$disconnect();
  }
} catch (err) {
  console.error(err instanceof ConfigError || isDatabaseNotReady(err) ? (err as Error).message : err);
  process.exit(1);
}
