import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../test/db";
import { createTestRuntime } from "../../test/runtime";
import * as exportRoute from "../routes/app.data-requests.$id.export";
import * as page from "../routes/app.data-requests";
import type { Runtime } from "../runtime/runtime.server";
import { exportCustomerData } from "./compliance.server";
import { dataRequestFile, listDataRequests, markDataRequestDelivered } from "./data-requests.server";

// customers/data_request exports as the merchant sees them: listed, downloadable, marked delivered, and only
// ever this shop's. The routes run with the demo's authentication (the shop is fixed), the same loaders otherwise.

const A = "requests-a.myshopify.com";
const B = "requests-b.myshopify.com";
let t: TestDb;
let rt: Runtime;

beforeAll(async () => {
  t = await createTestDb();
  rt = await createTestRuntime(t, { env: { DEMO_MODE: "1", DEMO_SHOP: A } });
  await t.db.session.create({ data: { id: `offline_${A}`, shop: A, state: "", accessToken: "" } });
  await t.db.returnLink.create({
    data: { shop: A, returnGid: "gid://shopify/Return/1", returnName: "#1-R1", normalizedName: "1-R1", orderGid: "gid://shopify/Order/1", orderName: "#1", customerName: "Ana Ruiz", customerEmail: "ana@example.com", status: "OPEN" },
  });
});
afterAll(async () => {
  await rt.close();
  await t.cleanup();
});

const args = (url: string, params: Record<string, string> = {}, init: RequestInit = {}) => ({ request: new Request(`http://127.0.0.1:3999${url}`, init), params, context: { runtime: rt } });

describe("customer data requests", () => {
  it("lists a shop's exports newest first with what they found, never another shop's", async () => {
    const first = await exportCustomerData(rt.shop(A), { id: 11, email: "ana@example.com" }, []);
    const second = await exportCustomerData(rt.shop(A), { id: 12, email: "nobody@example.com" }, []);
    await exportCustomerData(rt.shop(B), { id: 13, email: "ana@example.com" }, []);
    const rows = await listDataRequests(t.db, A);
    expect(rows.map((r) => [r.id, r.email, r.returns, r.deliveredAt])).toEqual([
      [second.exportId, "nobody@example.com", 0, null],
      [first.exportId, "ana@example.com", 1, null],
    ]);
  });

  it("serves the export as a JSON file to its own shop, and 404 for another shop's", async () => {
    const [mine] = await listDataRequests(t.db, A);
    const [theirs] = await listDataRequests(t.db, B);
    const res = (await exportRoute.loader(args(`/app/data-requests/${mine.id}/export`, { id: mine.id }))) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="data-request-.*\.json"$/);
    expect(JSON.parse(await res.text())).toMatchObject({ customer: { email: mine.email } });
    expect(((await exportRoute.loader(args(`/app/data-requests/${theirs.id}/export`, { id: theirs.id }))) as Response).status).toBe(404);
    expect(await dataRequestFile(t.db, A, theirs.id)).toBeNull();
  });

  it("marks an export delivered and back, from the page's form, only within the shop", async () => {
    const [mine] = await listDataRequests(t.db, A);
    const form = (id: string, delivered: string) => {
      const body = new FormData();
      body.set("id", id);
      body.set("delivered", delivered);
      return args("/app/data-requests", {}, { method: "POST", body });
    };
    expect(await page.action(form(mine.id, "1"))).toEqual({ ok: true });
    expect((await listDataRequests(t.db, A)).find((r) => r.id === mine.id)!.deliveredAt).not.toBeNull();
    expect(await page.action(form(mine.id, "0"))).toEqual({ ok: true });
    expect((await listDataRequests(t.db, A)).find((r) => r.id === mine.id)!.deliveredAt).toBeNull();
    const [theirs] = await listDataRequests(t.db, B);
    await expect(page.action(form(theirs.id, "1"))).rejects.toMatchObject({ status: 404 });
    expect(await markDataRequestDelivered(rt.shop(A), theirs.id, true)).toBe(false);
    expect((await listDataRequests(t.db, B))[0].deliveredAt).toBeNull();
  });
});
