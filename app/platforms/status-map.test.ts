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

  it("orders the happy path and marks the ends of a journey", () => {
    expect(statusRank("NONE")).toBeLessThan(statusRank("LABEL_CREATED"));
    expect(statusRank("IN_TRANSIT")).toBeLessThan(statusRank("IN_WAREHOUSE"));
    expect(statusRank("CANCELED")).toBeGreaterThan(statusRank("IN_WAREHOUSE"));
    expect(NORMALISED_STATUSES.filter(isTerminalStatus)).toEqual(["IN_WAREHOUSE", "FAILED", "CANCELED"]);
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
