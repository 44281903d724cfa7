import type { PrismaClient } from "@prisma/client";

// PostgreSQL client: generated from prisma/postgresql/schema.prisma (same models, other provider).
export async function createPostgresClient(url: string): Promise<PrismaClient> {
  throw new Error(`PostgreSQL support is not built yet (${url.split("@").pop()})`);
}
