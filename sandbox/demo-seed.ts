import type { Db } from "../app/db.server";
import { encryptJson } from "../app/security/encryption.server";

// The demo shop's starting state: its offline session, settings, and a dozen returns in every Shopify status.

export interface DemoReturn {
  returnGid: string;
  returnName: string;
  orderGid: string;
  orderName: string;
  customerName: string;
  customerEmail: string;
  status: "REQUESTED" | "OPEN" | "CLOSED" | "DECLINED" | "CANCELED";
  provider: "IFRETURNS" | "REVER" | null;
  trackingNumber?: string;
}

const CUSTOMERS = [
  ["Lucía Fernández", "lucia@example.com"],
  ["Marc Puig", "marc@example.com"],
  ["Ana Martín", "ana@example.com"],
  ["Jon Etxeberria", "jon@example.com"],
  ["Carmen Ruiz", "carmen@example.com"],
  ["David López", "david@example.com"],
] as const;

const STATUSES: DemoReturn["status"][] = ["REQUESTED", "OPEN", "OPEN", "CLOSED", "DECLINED", "CANCELED"];

export function demoReturns(count = 12): DemoReturn[] {
  return Array.from({ length: count }, (_, i) => {
    const orderNumber = 64231 + i;
    const [customerName, customerEmail] = CUSTOMERS[i % CUSTOMERS.length];
    const status = STATUSES[i % STATUSES.length];
    const provider = i % 3 === 2 ? null : i % 2 === 0 ? "IFRETURNS" : "REVER";
    return {
      returnGid: `gid://shopify/Return/${9000 + i}`,
      returnName: `#${orderNumber}-R1`,
      orderGid: `gid://shopify/Order/${5000 + i}`,
      orderName: `#${orderNumber}`,
      customerName,
      customerEmail,
      status,
      provider,
      trackingNumber: status === "OPEN" || status === "CLOSED" ? `1Z4E61W1910600${5862 + i}` : undefined,
    };
  });
}

export async function seedDemoDatabase(db: Db, opts: { shop: string; accessToken: string; scopes: string; ifBaseUrl?: string; reverBaseUrl?: string; ifToken?: string; reverKey?: string }) {
  const { shop } = opts;
  await db.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "demo", isOnline: false, scope: opts.scopes, accessToken: opts.accessToken },
    update: { accessToken: opts.accessToken, scope: opts.scopes },
  });
  await db.shopSettings.upsert({ where: { shop }, create: { shop, defaultProvider: "IFRETURNS" }, update: {} });
  const warehouse = JSON.stringify({
    name: "Demo warehouse",
    email: "warehouse@example.com",
    phone: "+34911222333",
    line1: "Calle de Fortunata y Jacinta 12",
    city: "Madrid",
    postalCode: "28020",
    region: "Madrid",
    countryCode: "ES",
  });
  if (opts.ifBaseUrl) {
    await db.providerConnection.upsert({
      where: { shop_provider: { shop, provider: "IFRETURNS" } },
      create: {
        shop,
        provider: "IFRETURNS",
        environment: "custom",
        baseUrl: opts.ifBaseUrl,
        credentialsEncrypted: encryptJson({ token: opts.ifToken }),
        credentialsHint: opts.ifToken?.slice(-4),
        ifShopCode: "returnsbridgedemo",
        warehouseAddress: warehouse,
        defaultCarrierService: "IF-UPS-EXPRESS-SAVER",
        carrierServices: JSON.stringify(["IF-UPS-EXPRESS-SAVER", "IF-SEUR-HOME2SHOP"]),
        defaultParcel: JSON.stringify({ weightGrams: 1000, lengthCm: 30, widthCm: 20, heightCm: 10 }),
      },
      update: { baseUrl: opts.ifBaseUrl, credentialsEncrypted: encryptJson({ token: opts.ifToken }) },
    });
  }
  if (opts.reverBaseUrl) {
    await db.providerConnection.upsert({
      where: { shop_provider: { shop, provider: "REVER" } },
      create: {
        shop,
        provider: "REVER",
        environment: "custom",
        baseUrl: opts.reverBaseUrl,
        credentialsEncrypted: encryptJson({ apiKey: opts.reverKey }),
        credentialsHint: opts.reverKey?.slice(-4),
        reverEcommerceId: "returns-bridge-demo",
        reverProvider: "SendCloud",
        defaultCarrierService: "UPS",
        warehouseAddress: warehouse,
        defaultParcel: JSON.stringify({ weightGrams: 1000, lengthCm: 30, widthCm: 20, heightCm: 10 }),
      },
      update: { baseUrl: opts.reverBaseUrl, credentialsEncrypted: encryptJson({ apiKey: opts.reverKey }) },
    });
  }
  for (const r of demoReturns()) {
    const data = {
      returnName: r.returnName,
      normalizedName: r.returnName.replace(/^#/, ""),
      orderGid: r.orderGid,
      orderName: r.orderName,
      customerName: r.customerName,
      customerEmail: r.customerEmail,
      status: r.status,
      provider: r.provider,
      trackingNumber: r.trackingNumber ?? null,
      reverProcessId: r.provider === "REVER" ? `proc_${r.orderName.slice(1)}` : null,
      ifReturnName: r.provider === "IFRETURNS" ? `R1-${r.orderName.slice(1)}` : null,
      referenceState: r.provider ? "KNOWN" : "PENDING",
    };
    await db.returnLink.upsert({
      where: { shop_returnGid: { shop, returnGid: r.returnGid } },
      create: { shop, returnGid: r.returnGid, ...data },
      update: data,
    });
  }
}
