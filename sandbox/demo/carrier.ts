import { actOnReturn, seedShop } from "../shopify/seed";
import { processIdOf, type PlayedReturn } from "./history";
import { CUSTOMERS, PRODUCTS, REASONS } from "./shop-data";
import { tellIfReturns, type DemoWorld } from "./world";

// While the demo runs, the world goes on: every few seconds the carrier moves one parcel a step (REVER's
// logistics status, which the app reads with the same sync its reconciliation runs; iF returns is told, and the
// warehouse closes the Shopify return when the parcel arrives), and now and then a customer asks for a new
// return. Everything goes through the simulators' APIs and the app's queue; nothing writes the app's database.

const REVER_NEXT: Record<string, "COLLECTED" | "IN_TRANSIT" | "IN_WAREHOUSE"> = { CREATED: "COLLECTED", COLLECTED: "IN_TRANSIT", IN_TRANSIT: "IN_WAREHOUSE" };
const IF_NEXT = ["PICK_UP_COMPLETED", "SHIPPING_IN_PROGRESS", "SHIPPING_COMPLETED"];
/** A new customer return every this many moves, up to MAX_NEW. */
const NEW_RETURN_EVERY = 7;
const MAX_NEW = 12;

export interface Carrier {
  /** Moves made so far (tests wait for the first one). */
  moves(): number;
  stop(): Promise<void>;
}

interface Move {
  key: string;
  run(): Promise<string>;
}

export function startCarrier(w: DemoWorld, played: Map<number, PlayedReturn>, opts: { everyMs: number; log: (line: string) => void }): Carrier {
  const byProcess = new Map<string, PlayedReturn>();
  const byName = new Map<string, PlayedReturn>();
  const index = (p: PlayedReturn) => {
    if (p.processId) byProcess.set(p.processId, p);
    byName.set(p.returnName.replace(/^#/, ""), p);
  };
  for (const p of played.values()) index(p);
  const lastMoved = new Map<string, number>();
  let moves = 0;
  let created = 0;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const shopifyStatus = (p: PlayedReturn) => String(w.sandbox.shopify.store.lookup(p.returnGid)?.status ?? "");
  const linkIdOf = async (p: PlayedReturn) => p.linkId || ((await w.db.returnLink.findFirst({ where: { shop: w.shop, returnGid: p.returnGid }, select: { id: true } }))?.id ?? "");

  function candidates(): Move[] {
    const out: Move[] = [];
    for (const proc of w.sandbox.rever.state.processes.values()) {
      const p = byProcess.get(proc.processId);
      if (!p || !proc.logisticOrders.length || shopifyStatus(p) !== "OPEN") continue;
      const next = REVER_NEXT[proc.summaryStatus];
      if (next) {
        out.push({
          key: proc.processId,
          run: async () => {
            w.sandbox.rever.advanceTracking(proc.processId, next);
            const linkId = await linkIdOf(p);
            if (linkId) await w.appJobs.send("link.sync", { shop: w.shop, linkId }, { shop: w.shop });
            return `REVER ${p.returnName}: ${next}`;
          },
        });
      } else if (proc.summaryStatus === "IN_WAREHOUSE") {
        out.push({ key: proc.processId, run: async () => (await actOnReturn(w.admin, "close", p.returnGid), `warehouse closed ${p.returnName}`) });
      }
    }
    for (const ret of w.sandbox.ifreturns.state.returns.values()) {
      const p = byName.get(ret.merchantReturnName);
      const shipment = ret.shipments.find((s) => s.active);
      if (!p || !shipment?.clientShipmentId || shopifyStatus(p) !== "OPEN") continue;
      const step = shipment.trackingHistory.length;
      out.push({
        key: ret.returnName,
        run: async () => {
          if (step < IF_NEXT.length) {
            await tellIfReturns(w, p.returnName, IF_NEXT[step]);
            return `iF returns ${p.returnName}: ${IF_NEXT[step]}`;
          }
          await actOnReturn(w.admin, "close", p.returnGid);
          return `warehouse closed ${p.returnName}`;
        },
      });
    }
    return out;
  }

  async function newReturn(): Promise<string> {
    const n = played.size + 1;
    const provider = n % 2 === 0 ? "REVER" : "IFRETURNS";
    const customer = CUSTOMERS[n % CUSTOMERS.length];
    const product = PRODUCTS[n % PRODUCTS.length];
    const processId = provider === "REVER" ? processIdOf(n) : null;
    if (processId) w.sandbox.rever.createProcess({ processId, orderNumber: `${1000 + n}` });
    const [order] = await seedShop(w.admin, {
      orders: [
        {
          customer: { firstName: customer.firstName, lastName: customer.lastName, email: customer.email, phone: customer.address.phone },
          shippingAddress: customer.address,
          lineItems: [{ title: product.title, quantity: 1, price: product.price, variantTitle: product.variant }],
          returns: [{ status: "REQUESTED", reason: REASONS[n % REASONS.length] }],
        },
      ],
    });
    const ret = order.returns[0];
    if (provider === "IFRETURNS") w.sandbox.ifreturns.registerReturn({ merchantReturnName: ret.name.replace(/^#/, ""), shopCode: w.ifShopCode });
    const p: PlayedReturn = { story: { n, provider, noProcess: false, customer, product, reason: REASONS[n % REASONS.length], orderAgeDays: 0, steps: [] }, returnGid: ret.id, returnName: ret.name, orderName: order.name, linkId: "", processId };
    played.set(n, p);
    index(p);
    return `customer requested ${ret.name}`;
  }

  async function tick(): Promise<void> {
    const list = candidates().sort((a, b) => (lastMoved.get(a.key) ?? 0) - (lastMoved.get(b.key) ?? 0));
    const wantsNew = created < MAX_NEW && (moves % NEW_RETURN_EVERY === NEW_RETURN_EVERY - 1 || !list.length);
    const line = wantsNew ? (created++, await newReturn()) : list.length ? await list[0].run() : null;
    if (!wantsNew && list.length) lastMoved.set(list[0].key, Date.now());
    if (line) {
      moves++;
      opts.log(line);
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((err) => opts.log(`carrier: ${(err as Error).message}`))
        .finally(schedule);
    }, opts.everyMs);
  };
  schedule();

  return {
    moves: () => moves,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
