import path from "node:path";
import { startIfReturnsSimulator, type IfReturnsSimulator } from "./ifreturns";
import { profileFromEnv, type ProfileName } from "./lib";
import { startReverSimulator, type ReverSimulator } from "./rever";
import { readWebhookPaths, startShopifySimulator, type ShopifySimulator } from "./shopify";

// The three simulators on localhost, as `npm run sandbox` and `npm run demo` start them.

export interface Sandbox {
  shopify: ShopifySimulator;
  ifreturns: IfReturnsSimulator;
  rever: ReverSimulator;
  shop: string;
  accessToken: string;
  /** The provider simulators' profile (decision 0008). */
  profile: ProfileName;
  /** `<name> <base URL> <sandbox credential>`, one per simulator. */
  lines: string[];
  close(): Promise<void>;
}

export interface SandboxOptions {
  appUrl: string;
  apiSecret: string;
  shop: string;
  /** The app's client id: the simulator exchanges session tokens signed for it (the app installs itself this way). */
  apiKey: string;
  /** The merchant's own token (a custom app made in the admin), printed for people who want to act on the shop. */
  accessToken: string;
  /** 0 = any free port. */
  ports?: { shopify?: number; ifreturns?: number; rever?: number };
  /** The provider simulators' profile; default SANDBOX_PROFILE, refused with the list of profiles when unknown. */
  profile?: ProfileName;
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const profile = opts.profile ?? profileFromEnv();
  const ifreturns = await startIfReturnsSimulator({ port: opts.ports?.ifreturns, profile });
  const rever = await startReverSimulator({ port: opts.ports?.rever, profile });
  const shopify = await startShopifySimulator({
    apiSecret: opts.apiSecret,
    apiKey: opts.apiKey,
    merchantToken: opts.accessToken,
    shop: opts.shop,
    appUrl: opts.appUrl,
    webhookPaths: readWebhookPaths(path.resolve(import.meta.dirname, "..", "shopify.app.toml")),
    port: opts.ports?.shopify,
  });
  return {
    shopify,
    ifreturns,
    rever,
    shop: opts.shop,
    accessToken: opts.accessToken,
    profile,
    lines: [`shopify ${shopify.url} ${opts.accessToken}`, `ifreturns ${ifreturns.url} ${ifreturns.credential}`, `rever ${rever.url} ${rever.credential}`],
    async close() {
      await Promise.all([shopify.close(), ifreturns.close(), rever.close()]);
    },
  };
}
