import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  IF_TRANSPORTATION_STATUSES,
  REVER_LKSS,
  STATUS_TABLE,
  fromIfStatus,
  fromReverLkss,
  fromReverSummaryStatus,
  cancelStatusFor,
  isForward,
  isTerminalStatus,
  statusRank,
  toIfStatus,
  toReverLkss,
  toReverSummaryStatus,
} from "./status-map";
import { NORMALISED_STATUSES } from "./types";

describe("status map", () => {
  it("gives each of iF's nine statuses its own normalised status, both ways", () => {
    const read = IF_TRANSPORTATION_STATUSES.map((s) => fromIfStatus(s));
    expect(new Set(read).size).toBe(9);
    for (const s of IF_TRANSPORTATION_STATUSES) expect(toIfStatus(fromIfStatus(s)!)).toBe(s);
    expect(toIfStatus("NONE")).toBeNull();
    expect(fromIfStatus("LOST")).toBeNull();
  });

  it("reads every lkss and sends it back unchanged", () => {
    for (const l of REVER_LKSS) expect(toReverLkss(fromReverLkss(l)!)).toBe(l);
    for (const s of NORMALISED_STATUSES) expect(REVER_LKSS).toContain(toReverLkss(s));
  });

  it("reads logistics summary statuses leniently and unknown ones as null", () => {
    expect(fromReverSummaryStatus("STATUS_UNSPECIFIED")).toBe("NONE");
    expect(fromReverSummaryStatus(undefined)).toBe("NONE");
    expect(fromReverSummaryStatus("STATUS_IN_WAREHOUSE")).toBe("IN_WAREHOUSE");
    expect(fromReverSummaryStatus("in_transit")).toBe("IN_TRANSIT");
    expect(fromReverSummaryStatus("CANCELLED")).toBe("CANCELED");
    expect(fromReverSummaryStatus("TELEPORTED")).toBeNull();
    for (const s of NORMALISED_STATUSES) {
      const back = fromReverSummaryStatus(toReverSummaryStatus(s));
      expect(back).not.toBeNull();
      expect(toReverLkss(back!)).toBe(toReverLkss(s));
    }
  });

  it("orders the happy path, keeps the pickup stage one step, and marks the ends of a journey", () => {
    const path = ["NONE", "LABEL_CREATED", "PICKUP_IN_PROGRESS", "PICKED_UP", "IN_TRANSIT", "IN_WAREHOUSE"] as const;
    for (let i = 1; i < path.length; i++) expect(statusRank(path[i])).toBeGreaterThan(statusRank(path[i - 1]));
    expect(statusRank("PICKUP_FAILED")).toBe(statusRank("PICKUP_IN_PROGRESS"));
    expect(statusRank("PICKUP_CANCELED")).toBeLessThan(statusRank("PICKED_UP"));
    expect(statusRank("CANCELED")).toBeGreaterThan(statusRank("IN_WAREHOUSE"));
    expect(NORMALISED_STATUSES.filter(isTerminalStatus)).toEqual(["IN_WAREHOUSE", "FAILED", "CANCELED"]);
  });

  it("allows a move for every pair of statuses only when it does not go back and does not leave an end", () => {
    for (const from of NORMALISED_STATUSES) {
      for (const to of NORMALISED_STATUSES) {
        const allowed = isForward(from, to);
        const regression = statusRank(to) < statusRank(from) || isTerminalStatus(from) || from === to;
        expect(allowed, `${from} -> ${to}`).toBe(!regression);
      }
      expect(isForward(null, from)).toBe(true);
    }
    // A failed or cancelled pickup can be booked again; a booked one can fail.
    expect(isForward("PICKUP_FAILED", "PICKUP_IN_PROGRESS")).toBe(true);
    expect(isForward("PICKUP_IN_PROGRESS", "PICKUP_CANCELED")).toBe(true);
  });

  it("cancels the pickup before the carrier has the parcel and the shipment after", () => {
    for (const s of [null, "NONE", "LABEL_CREATED", "PICKUP_IN_PROGRESS", "PICKUP_FAILED"] as const) expect(cancelStatusFor(s)).toBe("PICKUP_CANCELED");
    for (const s of ["PICKED_UP", "IN_TRANSIT"] as const) expect(cancelStatusFor(s)).toBe("CANCELED");
    expect(toIfStatus(cancelStatusFor("LABEL_CREATED"))).toBe("PICK_UP_CANCELLED");
    expect(toIfStatus(cancelStatusFor("IN_TRANSIT"))).toBe("SHIPPING_CANCELLED");
  });

  it("matches the table documented in docs/status-map.md", () => {
    const md = readFileSync(path.resolve(import.meta.dirname, "../../docs/status-map.md"), "utf8");
    const rows = md
      .split("\n")
      .filter((l) => /^\| [A-Z_]+ \|/.test(l))
      .map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
    expect(rows.map((r) => r[0])).toEqual(STATUS_TABLE.map((r) => r.status));
    for (const [status, ifStatus, lkss, summary, meaning] of rows) {
      const row = STATUS_TABLE.find((r) => r.status === status)!;
      expect(ifStatus.startsWith("—") ? null : ifStatus, status).toBe(row.ifStatus);
      expect(lkss, status).toBe(row.lkss);
      expect(summary, status).toBe(row.reverSummary);
      expect(meaning, status).toBe(row.meaning);
    }
  });
});
