import { applyDemoEnv, DEMO_ACCESS_TOKEN } from "../sandbox/demo-config";
import { profileFromEnv, UnknownProfileError } from "../sandbox/lib";
import { startSandbox } from "../sandbox/simulators";

// `npm run sandbox`: only the simulators, one line each: `<name> <base URL> <sandbox credential>`.
// SANDBOX_PROFILE=default | documented-minimum | hostile picks how the provider simulators fill the documents' gaps.
applyDemoEnv();
let profile;
try {
  profile = profileFromEnv();
} catch (err) {
  if (!(err instanceof UnknownProfileError)) throw err;
  console.error(err.message);
  process.exit(1);
}
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const sandbox = await startSandbox({
  appUrl: process.env.SHOPIFY_APP_URL!,
  apiSecret: process.env.SHOPIFY_API_SECRET!,
  apiKey: process.env.SHOPIFY_API_KEY!,
  shop: process.env.DEMO_SHOP!,
  accessToken: DEMO_ACCESS_TOKEN,
  ports: { shopify: port("SANDBOX_SHOPIFY_PORT", 3101), ifreturns: port("SANDBOX_IFRETURNS_PORT", 3102), rever: port("SANDBOX_REVER_PORT", 3103) },
  profile,
});
for (const line of sandbox.lines) console.log(line);
console.log(`profile ${sandbox.profile}`);
if (sandbox.profile === "hostile") {
  for (const [name, address] of Object.entries(sandbox.rever.hostile.hosts)) console.log(`hostile-host ${name} ${address}`);
  console.log(`hostile-canary ifreturns ${sandbox.ifreturns.hostile.canaryUrl} rever ${sandbox.rever.hostile.canaryUrl}`);
}
const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
