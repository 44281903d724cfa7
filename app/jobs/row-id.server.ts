import { randomBytes } from "node:crypto";

// cuid-shaped ids ("c" + time + counter + process + random, 25 chars), like Prisma's @default(cuid()), for rows
// written by raw SQL on the hot path (webhook deliveries and their jobs).
const PROCESS_TAG = (process.pid % 36 ** 4).toString(36).padStart(4, "0");
let idCounter = Math.floor(Math.random() * 36 ** 4);
let entropy = Buffer.alloc(0);
let entropyAt = 0;

export function newRowId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  // randomBytes per id costs a syscall: draw 6 bytes at a time from a 3 KiB pool instead.
  if (entropyAt + 6 > entropy.length) [entropy, entropyAt] = [randomBytes(3072), 0];
  const random = entropy.readUIntBE(entropyAt, 6).toString(36).padStart(10, "0").slice(-8);
  entropyAt += 6;
  return `c${Date.now().toString(36).padStart(8, "0")}${idCounter.toString(36).padStart(4, "0")}${PROCESS_TAG}${random}`;
}
