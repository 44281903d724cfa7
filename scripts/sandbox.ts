import { applyDemoEnv, DEMO_ACCESS_TOKEN } from "../sandbox/demo-config";
import { startSandbox } from "../sandbox/simulators";

// `npm run sandbox`: only the simulators, one line each: `<name> <base URL> <sandbox credential>`.
applyDemoEnv();
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const sandbox = await startSandbox({
  appUrl: process.env.SHOPIFY_APP_URL!,
  apiSecret: process.env.SHOPIFY_API_SECRET!,
  shop: process.env.DEMO_SHOP!,
  accessToken: DEMO_ACCESS_TOKEN,
  ports: { shopify: port("SANDBOX_SHOPIFY_PORT", 3101), ifreturns: port("SANDBOX_IFRETURNS_PORT", 3102), rever: port("SANDBOX_REVER_PORT", 3103) },
});
for (const line of sandbox.lines) console.log(line);
const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
