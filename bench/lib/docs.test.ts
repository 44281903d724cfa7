import { describe, expect, it } from "vitest";
import { DOC_HEADER, markers, updateSection } from "./docs";

describe("docs/benchmarks.md sections", () => {
  it("starts the file with its header and a section holding the generated block", () => {
    const doc = updateSection("", "ingest", "Webhook ingest", "figures v1");
    expect(doc.startsWith(DOC_HEADER)).toBe(true);
    expect(doc).toContain(`## Webhook ingest\n\n${markers("ingest").begin}\nfigures v1\n${markers("ingest").end}\n`);
  });

  it("rewrites only its own generated block, keeping prose and other benchmarks' sections", () => {
    let doc = updateSection("", "ingest", "Webhook ingest", "figures v1");
    doc = doc.replace(`## Webhook ingest\n\n`, `## Webhook ingest\n\nHand-written notes.\n\n`);
    doc = updateSection(doc, "sync", "Sync", "sync figures");
    const updated = updateSection(doc, "ingest", "Webhook ingest", "figures v2");
    expect(updated).toContain("Hand-written notes.");
    expect(updated).toContain("figures v2");
    expect(updated).not.toContain("figures v1");
    expect(updated).toContain("sync figures");
    expect(updated.match(/## Webhook ingest/g)).toHaveLength(1);
    expect(updated.indexOf("## Webhook ingest")).toBeLessThan(updated.indexOf("## Sync"));
  });
});
