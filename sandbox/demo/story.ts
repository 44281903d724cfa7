import { seededRng, type Rng } from "../lib/rng";
import { CUSTOMER_WITHOUT_PHONE, CUSTOMERS, PRODUCTS, REASONS, type Customer, type Product } from "./shop-data";
import type { SeedReturnReason } from "../shopify/seed";

// The demo shop's last month, as a plan: sixty returns, each with the steps its people took and when (the
// customer's request, the merchant's approval and label, the carrier's scans, the warehouse closing it). The
// plan is the same on every run, relative to the moment the demo starts; history.ts plays it through the
// simulators' APIs and the app's own use-cases and jobs.

export type Provider = "IFRETURNS" | "REVER";

export type Step =
  | { kind: "request" }
  | { kind: "approve" }
  | { kind: "decline" }
  | { kind: "cancel" }
  /** The label (approving a requested return first, as the app does when asked to). */
  | { kind: "label"; carrier: string; pickup: boolean }
  /** The agent picked a carrier the provider refuses (REVER: GLS is not offered by SendCloud). */
  | { kind: "label-refused"; carrier: string }
  /** The label asked again with the customer's phone, which the order lacked (iF returns requires one). */
  | { kind: "label-with-phone"; carrier: string }
  | { kind: "pickup" }
  /** The carrier's scan: REVER reports it (the app reads it at its next sync); iF returns is only told. */
  | { kind: "scan"; status: "COLLECTED" | "IN_TRANSIT" | "IN_WAREHOUSE" | "ERROR" }
  /** The warehouse received the parcel and closes the return in Shopify. */
  | { kind: "close" };

export interface StoryReturn {
  /** 1-based: the n-th order of the shop (#1001 is the first). */
  n: number;
  provider: Provider;
  /** REVER: the customer has not finished the return in REVER's portal yet, so there is no process to link. */
  noProcess: boolean;
  /** The order carries the tag of the demo shop's automation rule: the app approves the return and makes its label. */
  automated?: boolean;
  customer: Customer;
  product: Product;
  reason: SeedReturnReason;
  orderAgeDays: number;
  steps: Array<{ at: Date; step: Step }>;
}

/** The order tag the demo shop's automation rule (sandbox/demo.ts) approves and labels. */
export const DEMO_RULE_TAG = "auto-label";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type Plan = Array<[Step, number, number]>; // step, and its delay after the previous step in hours (min, max)

const IF_CARRIERS = ["IF-UPS-EXPRESS-SAVER", "IF-SEUR-HOME2SHOP"];
const REVER_CARRIERS = ["UPS", "DHL", "CORREOS", "SEUR"];

type Role =
  | "closed"
  | "closed-pickup"
  | "labelled"
  | "pickup-booked"
  | "collected"
  | "in-transit"
  | "in-warehouse"
  | "approved"
  | "requested"
  | "no-process"
  | "canceled-early"
  | "canceled-late"
  | "declined"
  | "label-retry-closed"
  | "label-retry-transit"
  | "phone-retry"
  | "lost"
  | "auto-closed"
  | "auto-transit";

// Oldest first. Old returns are done; the newest are where the carrier and the visitor take over.
const ROLES: Array<[Role, Provider]> = [
  ...(
    [
      ["closed", "IFRETURNS"], ["closed", "REVER"], ["closed", "IFRETURNS"], ["canceled-early", "IFRETURNS"], ["closed-pickup", "REVER"],
      ["auto-closed", "IFRETURNS"], ["declined", "IFRETURNS"], ["closed", "REVER"], ["closed", "IFRETURNS"], ["label-retry-closed", "REVER"],
      ["closed", "IFRETURNS"], ["closed-pickup", "REVER"], ["auto-closed", "IFRETURNS"], ["canceled-late", "REVER"], ["closed", "IFRETURNS"],
      ["phone-retry", "IFRETURNS"], ["closed", "REVER"], ["closed", "IFRETURNS"], ["lost", "REVER"], ["closed", "IFRETURNS"],
      ["declined", "REVER"], ["closed-pickup", "REVER"], ["closed", "IFRETURNS"], ["closed", "IFRETURNS"], ["closed", "REVER"],
      ["canceled-early", "REVER"], ["closed", "IFRETURNS"], ["closed-pickup", "REVER"], ["closed", "IFRETURNS"], ["closed", "REVER"],
    ] as Array<[Role, Provider]>
  ),
  ...(
    [
      ["closed", "IFRETURNS"], ["in-warehouse", "REVER"], ["labelled", "IFRETURNS"], ["in-transit", "REVER"], ["closed", "IFRETURNS"],
      ["label-retry-transit", "REVER"], ["labelled", "IFRETURNS"], ["declined", "IFRETURNS"], ["in-warehouse", "REVER"], ["closed", "REVER"],
      ["canceled-early", "IFRETURNS"], ["in-transit", "REVER"], ["labelled", "IFRETURNS"], ["collected", "REVER"], ["auto-transit", "IFRETURNS"],
    ] as Array<[Role, Provider]>
  ),
  ...(
    [
      ["pickup-booked", "REVER"], ["labelled", "IFRETURNS"], ["labelled", "REVER"], ["approved", "IFRETURNS"], ["pickup-booked", "REVER"],
      ["labelled", "REVER"], ["approved", "REVER"], ["labelled", "IFRETURNS"], ["approved", "IFRETURNS"], ["collected", "REVER"],
    ] as Array<[Role, Provider]>
  ),
  ...(
    [
      ["requested", "IFRETURNS"], ["requested", "REVER"], ["no-process", "REVER"], ["requested", "IFRETURNS"], ["requested", "REVER"],
    ] as Array<[Role, Provider]>
  ),
];

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

function planFor(role: Role, provider: Provider, rng: Rng): Plan {
  const carrier = provider === "REVER" ? pick(rng, REVER_CARRIERS) : pick(rng, IF_CARRIERS);
  const label = (pickup = false): Plan[number] => [{ kind: "label", carrier, pickup }, 2, 30];
  const start: Plan = [[{ kind: "request" }, 0, 0]];
  const approved: Plan = [...start, [{ kind: "approve" }, 1, 9]];
  const ride = (to: "COLLECTED" | "IN_TRANSIT" | "IN_WAREHOUSE", pickup = false): Plan => {
    const out: Plan = [[{ kind: "scan", status: "COLLECTED" }, pickup ? 14 : 8, pickup ? 26 : 50]];
    if (to !== "COLLECTED") out.push([{ kind: "scan", status: "IN_TRANSIT" }, 3, 14]);
    if (to === "IN_WAREHOUSE") out.push([{ kind: "scan", status: "IN_WAREHOUSE" }, 18, 60]);
    return out;
  };
  switch (role) {
    case "requested":
    case "no-process":
      return start;
    case "approved":
      return approved;
    case "labelled":
      return [...start, label()];
    case "pickup-booked":
      return [...start, label(true), [{ kind: "pickup" }, 0.2, 2]];
    case "collected":
      return [...start, label(), ...ride("COLLECTED")];
    case "in-transit":
      return [...start, label(), ...ride("IN_TRANSIT")];
    case "in-warehouse":
      return [...start, label(), ...ride("IN_WAREHOUSE")];
    case "closed":
      if (provider === "IFRETURNS") return [...start, label(), [{ kind: "scan", status: "IN_TRANSIT" }, 10, 40], [{ kind: "close" }, 40, 110]];
      return [...start, label(), ...ride("IN_WAREHOUSE"), [{ kind: "close" }, 3, 30]];
    case "closed-pickup":
      return [...start, label(true), [{ kind: "pickup" }, 0.2, 2], ...ride("IN_WAREHOUSE", true), [{ kind: "close" }, 3, 30]];
    case "canceled-early":
      return [...start, [{ kind: "cancel" }, 2, 30]];
    case "canceled-late":
      return [...start, label(), [{ kind: "cancel" }, 10, 40]];
    case "declined":
      return [...start, [{ kind: "decline" }, 3, 30]];
    case "label-retry-closed":
    case "label-retry-transit":
      return [
        ...approved,
        [{ kind: "label-refused", carrier: "GLS" }, 1, 6],
        [{ kind: "label", carrier: "UPS", pickup: false }, 1, 4],
        ...ride(role === "label-retry-closed" ? "IN_WAREHOUSE" : "IN_TRANSIT"),
        ...(role === "label-retry-closed" ? ([[{ kind: "close" }, 3, 30]] as Plan) : []),
      ];
    case "phone-retry":
      return [...approved, [{ kind: "label-refused", carrier }, 1, 6], [{ kind: "label-with-phone", carrier }, 6, 24], [{ kind: "scan", status: "IN_TRANSIT" }, 10, 40], [{ kind: "close" }, 40, 110]];
    case "lost":
      return [...start, label(), ...ride("IN_TRANSIT"), [{ kind: "scan", status: "ERROR" }, 30, 70]];
    // The rule labels the return as soon as it is requested: no label step.
    case "auto-closed":
      return [...start, [{ kind: "scan", status: "IN_TRANSIT" }, 10, 40], [{ kind: "close" }, 40, 110]];
    case "auto-transit":
      return [...start, [{ kind: "scan", status: "IN_TRANSIT" }, 10, 40]];
  }
}

/** When each return was requested: spread over the last 30 days, a little denser lately, in shop hours. */
function requestTimes(now: Date, count: number, rng: Rng): Date[] {
  const out: Date[] = [];
  for (let i = 0; i < count; i++) {
    const u = (i + 0.2 + 0.6 * rng()) / count;
    const ageMs = (1 - Math.pow(u, 0.8)) * 30 * DAY + 40 * 60_000;
    let at = new Date(now.getTime() - ageMs);
    // Customers ask between 08:00 and 23:00 (UTC, close enough to Spain for a demo).
    if (at.getUTCHours() < 8) at = new Date(at.getTime() - (at.getUTCHours() + 1) * HOUR);
    out.push(at);
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

/** The plan, relative to `now`. Steps that would fall in the future are squeezed into the time left. */
export function demoStory(now: Date): StoryReturn[] {
  const rng = seededRng(20261206);
  const times = requestTimes(now, ROLES.length, rng);
  const latest = now.getTime() - 5 * 60_000;
  return ROLES.map(([role, provider], i) => {
    const plan = planFor(role, provider, rng);
    const delays = plan.map(([, min, max]) => (min + (max - min) * rng()) * HOUR);
    const total = delays.reduce((a, b) => a + b, 0);
    const room = latest - times[i].getTime();
    const scale = total > room ? room / total : 1;
    let at = times[i].getTime();
    const steps = plan.map(([step], k) => {
      at += delays[k] * scale;
      return { at: new Date(Math.round(at)), step };
    });
    return {
      n: i + 1,
      provider,
      noProcess: role === "no-process",
      automated: role.startsWith("auto-"),
      customer: role === "phone-retry" ? CUSTOMER_WITHOUT_PHONE : CUSTOMERS[i % CUSTOMERS.length],
      product: PRODUCTS[(i * 5) % PRODUCTS.length],
      reason: REASONS[(i * 3) % REASONS.length],
      orderAgeDays: 2 + Math.floor(rng() * 6),
      steps,
    };
  });
}
