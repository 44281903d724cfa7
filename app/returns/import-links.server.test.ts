import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../test/order-page-harness";
import { ValidationError } from "../http/errors.server";
import { action as dashboardAction } from "../routes/app._index";
import { importLinksCsv, MAX_IMPORT_BYTES, parseCsv } from "./import-links.server";
import { ensureLink } from "./order-returns.server";

// Linking many returns at once from a CSV, with the merchant's defaults (no process search) against the
// documented-minimum simulators: every row is checked and linked on its own, and reported on its own.

describe("CSV fields", () => {
  it("reads quotes, doubled quotes, CRLF, a byte-order mark and semicolon-separated files", () => {
    expect(parseCsv('\uFEFFreturn,reference\r\n"#1001-R1","a ""b"", c"\r\n')).toEqual([["return", "reference"], ["#1001-R1", 'a "b", c']]);
    expect(parseCsv("#1;proc_1;REVER\n#2;proc_2")).toEqual([["#1", "proc_1", "REVER"], ["#2", "proc_2"]]);
  });
});

describe("linking returns from a CSV", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ profile: "documented-minimum" });
  }, 60_000);
  afterAll(async () => h?.close());

  it("links each valid row and says why each other row was not linked", async () => {
    const a = await h.seedOrder(["OPEN"]);
    const b = await h.seedOrder(["OPEN"]);
    const c = await h.seedOrder(["OPEN"]);
    const ctxShop = h.rt.shop((await h.t.db.session.findFirstOrThrow()).shop);
    for (const o of [a, b]) await ensureLink(ctxShop, o.returns[0].id);
    const pa = h.reverSim.createProcess({ orderNumber: a.name.replace("#", "") });
    const pc = h.reverSim.createProcess({ orderNumber: c.name.replace("#", "") });
    const csv = [
      "return,reference,provider",
      `${a.returns[0].name},${pa.processId},REVER`,
      `${b.returns[0].name},R1-${b.name.replace("#", "")},iF returns`,
      `${c.returns[0].id.split("/").pop()},https://docs.itsrever.com/_mock/apis/admin/v1/processes/${pc.processId}/label,rever`,
      `#9999-R1,proc_x,REVER`,
      `${a.returns[0].name},proc_unknown,REVER`,
      `${a.returns[0].name},,REVER`,
      `${a.returns[0].name},proc_1,FedEx`,
      `${a.returns[0].name},proc_1,REVER,extra`,
      "",
    ].join("\n");
    const result = await importLinksCsv(ctxShop, csv);
    expect(result.rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, true],
      [4, true],
      [5, false],
      [6, false],
      [7, false],
      [8, false],
      [9, false],
    ]);
    expect(result).toMatchObject({ linked: 3, failed: 5 });
    expect(result.rows[3].message).toMatch(/No return #9999-R1 has reached the app yet/);
    expect(result.rows[4].message).toMatch(/REVER has no REVER process id proc_unknown/);
    expect(result.rows[5].message).toMatch(/Needs the return and the reference/);
    expect(result.rows[6].message).toMatch(/Unknown provider “FedEx”/);
    expect(result.rows[7].message).toMatch(/more than three columns/);
    const links = await h.t.db.returnLink.findMany({ where: { returnGid: { in: [a, b, c].map((o) => o.returns[0].id) } }, orderBy: { orderName: "asc" } });
    expect(links.map((l) => [l.provider, l.reverProcessId ?? l.ifReturnName, l.referenceState, l.linkSource])).toEqual([
      ["REVER", pa.processId, "KNOWN", "MANUAL"],
      ["IFRETURNS", `R1-${b.name.replace("#", "")}`, "KNOWN", "MANUAL"],
      ["REVER", pc.processId, "KNOWN", "MANUAL"],
    ]);
    // Documented calls only: each REVER row was checked with GET .../logistics, nothing was searched.
    expect(h.reverSim.requests.every((r) => r.documented)).toBe(true);
  });

  it("reads a file as large as the import takes from the dashboard's form, and reports its rows", async () => {
    const csv = `return,reference\n#9999-R1,proc_${"x".repeat(MAX_IMPORT_BYTES - 64)}\n`;
    const form = new FormData();
    form.set("intent", "import-links");
    form.set("file", new Blob([csv], { type: "text/csv" }), "links.csv");
    const request = new Request("http://127.0.0.1:3999/app", { method: "POST", headers: { authorization: `Bearer ${await h.token()}` }, body: form });
    const answer = await dashboardAction({ request, params: {}, context: { runtime: h.rt } });
    expect(answer).toMatchObject({ ok: true, intent: "import-links", imported: { linked: 0, failed: 1 } });
  });

  it("refuses an empty file and one that is too long, as a whole", async () => {
    const ctx = h.rt.shop((await h.t.db.session.findFirstOrThrow()).shop);
    await expect(importLinksCsv(ctx, "return,reference\n")).rejects.toBeInstanceOf(ValidationError);
    await expect(importLinksCsv(ctx, Array.from({ length: 501 }, (_, i) => `#${i}-R1,p${i}`).join("\n"))).rejects.toThrow(/at most 500/);
  });
});
