import { db } from "../app/db.server";
import { env } from "../app/env.server";
import { startApp } from "../app/server/boot.server";
import { DEMO_ACCESS_TOKEN } from "./demo-config";
import { seedDemoDatabase } from "./demo-seed";

// The demo: simulators + seeded shop + the real app, all on localhost.

export interface RunningDemo {
  appUrl: string;
  lines: string[];
  close(): Promise<void>;
}

export async function startDemo(opts: { root: string }): Promise<RunningDemo> {
  const e = env();
  const prisma = await db();
  await seedDemoDatabase(prisma, { shop: e.DEMO_SHOP, accessToken: DEMO_ACCESS_TOKEN, scopes: e.SCOPES });
  const app = await startApp({ root: opts.root });
  return {
    appUrl: app.url,
    lines: [`app ${app.url}`],
    async close() {
      await app.close();
      await prisma.$disconnect();
    },
  };
}
