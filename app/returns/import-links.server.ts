import { AppError, NotFoundError, ValidationError } from "../http/errors.server";
import { PROVIDERS } from "../platforms/descriptors";
import { normalizeReturnName } from "../platforms/return-names";
import { PROVIDER_IDS, type ProviderId } from "../platforms/types";
import { linkReturn } from "./manual-link.server";
import { toGid } from "./order-returns.server";
import type { ShopContext } from "./shop-context.server";

// Many links at once from a CSV the merchant exports from their provider (or writes by hand): one row per return,
// `return,reference[,provider]`. Each row is validated and linked on its own, exactly as the return page links
// one, and reported on its own: a bad row never stops the others.

export const MAX_IMPORT_ROWS = 500;
export const MAX_IMPORT_BYTES = 256 * 1024;

export interface LinkImportRowResult {
  /** 1-based line of the file. */
  line: number;
  returnName: string;
  reference: string;
  ok: boolean;
  /** What happened, in the merchant's words (the linked reference, or why not). */
  message: string;
}

export interface LinkImportResult {
  rows: LinkImportRowResult[];
  linked: number;
  failed: number;
}

/** RFC 4180 fields (quotes, doubled quotes, CRLF); `;` is the separator when the first line uses it (spreadsheets in Spain). */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.split(/\r?\n/, 1)[0] ?? "";
  const sep = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : ",";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === sep) {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) rows.push([...row, field]);
  return rows;
}

const HEADER = /^(return|devoluci[oó]n|return name|return id)$/i;

function providerOf(value: string): ProviderId | null {
  const v = value.trim().toLowerCase();
  return PROVIDER_IDS.find((p) => p.toLowerCase() === v || PROVIDERS[p].displayName.toLowerCase() === v) ?? null;
}

/** The return a row names: a Shopify return id (or GID) is read from Shopify; a name must already be known here. */
async function returnGidOf(ctx: ShopContext, value: string): Promise<string> {
  const v = value.trim();
  if (/^\d{1,20}$/.test(v) || v.startsWith("gid://")) return toGid("Return", v);
  const link = await ctx.db.returnLink.findFirst({ where: { shop: ctx.shop, normalizedName: normalizeReturnName(v) }, select: { returnGid: true } });
  if (!link) throw new NotFoundError(`No return ${v} has reached the app yet: use the return's id (the number in its Shopify admin URL)`, { service: "app" });
  return link.returnGid;
}

export async function importLinksCsv(ctx: ShopContext, csv: string): Promise<LinkImportResult> {
  if (Buffer.byteLength(csv) > MAX_IMPORT_BYTES) throw new ValidationError(`The file is larger than ${MAX_IMPORT_BYTES / 1024} KB: split it`, { service: "app", fields: { csv: "too large" } });
  const lines = parseCsv(csv).map((cells, i) => ({ line: i + 1, cells: cells.map((c) => c.trim()) }));
  const data = lines.filter((l) => l.cells.some((c) => c !== "") && !(l.line === 1 && HEADER.test(l.cells[0] ?? "")));
  if (!data.length) throw new ValidationError("The file has no rows: one line per return, “return,reference” (and optionally the provider)", { service: "app", fields: { csv: "empty" } });
  if (data.length > MAX_IMPORT_ROWS) throw new ValidationError(`The file has ${data.length} rows: at most ${MAX_IMPORT_ROWS} at a time`, { service: "app", fields: { csv: "too many rows" } });
  const connected = await ctx.connectedProviders();

  const rows: LinkImportRowResult[] = [];
  for (const { line, cells } of data) {
    const [returnName = "", reference = "", providerCell = ""] = cells;
    const report = (ok: boolean, message: string) => rows.push({ line, returnName, reference, ok, message });
    if (!returnName || !reference) {
      report(false, "Needs the return and the reference, separated by a comma");
      continue;
    }
    if (cells.slice(3).some((c) => c !== "")) {
      report(false, "Has more than three columns (return, reference, provider)");
      continue;
    }
    const named = providerCell ? providerOf(providerCell) : null;
    if (providerCell && !named) {
      report(false, `Unknown provider “${providerCell}”: use ${PROVIDER_IDS.map((p) => PROVIDERS[p].displayName).join(" or ")}`);
      continue;
    }
    try {
      const returnGid = await returnGidOf(ctx, returnName);
      const existing = await ctx.db.returnLink.findUnique({ where: { shop_returnGid: { shop: ctx.shop, returnGid } }, select: { provider: true } });
      const provider = named ?? (existing?.provider as ProviderId | null) ?? (connected.length === 1 ? connected[0] : null);
      if (!provider) {
        report(false, "Say which provider in a third column (several are connected)");
        continue;
      }
      const linked = await linkReturn(ctx, { returnGid, provider, reference });
      const d = PROVIDERS[provider];
      report(true, `Linked to ${d.reference.label} ${linked[d.reference.column] ?? reference}`);
    } catch (err) {
      if (!(err instanceof AppError)) ctx.log.error("link_import.row_crashed", { shop: ctx.shop, line, err });
      report(false, err instanceof AppError ? err.message : "Unexpected error: the row was not linked");
    }
  }
  const linked = rows.filter((r) => r.ok).length;
  ctx.log.info("link_import.done", { shop: ctx.shop, rows: rows.length, linked });
  return { rows, linked, failed: rows.length - linked };
}

export type LinkImportAnswer = { ok: true; intent: "import-links"; accepted: number; imported: LinkImportResult } | { ok: false; intent: "import-links"; accepted: 0; importError: string };

/** The dashboard's form post: an uploaded file, else the pasted lines; a refused file comes back as its reason. */
export async function runLinkImport(ctx: ShopContext, form: FormData): Promise<LinkImportAnswer> {
  const file = form.get("file");
  const text = file && typeof file !== "string" && file.size > 0 ? await file.text() : String(form.get("csv") ?? "");
  try {
    const imported = await importLinksCsv(ctx, text);
    return { ok: true, intent: "import-links", accepted: imported.linked, imported };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { ok: false, intent: "import-links", accepted: 0, importError: err.message };
  }
}
