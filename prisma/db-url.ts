// Shared by prisma.config.ts and the app: which engine a DATABASE_URL selects.
export type DbKind = "sqlite" | "postgresql";

export function dbKind(url: string): DbKind {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (/^file:/i.test(url)) return "sqlite";
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.replace(/\/\/[^@]*@/, "//***@")}"`);
}

/** better-sqlite3 wants a path; Prisma's SQLite URLs are `file:./x.sqlite` relative to the working directory. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/i, "").replace(/\?.*$/, "");
}
