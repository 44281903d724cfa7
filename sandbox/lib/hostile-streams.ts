import { Readable } from "node:stream";

// Bodies that hurt a client without costing the simulator: a huge body made while it is sent (one 64 KiB block,
// reused), and a body that leaves one byte per interval. Both stop when the client hangs up.

const BLOCK = 64 * 1024;

/** `head`, then `fill` bytes up to `total` bytes in all; memory stays at one block whatever `total` is. */
export function hugeStream(head: Buffer, total: number, fill = 0x20): Readable {
  const block = Buffer.alloc(BLOCK, fill);
  let sent = 0;
  return new Readable({
    highWaterMark: BLOCK,
    read() {
      if (sent === 0 && head.length) {
        const first = head.subarray(0, Math.min(head.length, total));
        sent = first.length;
        this.push(first);
        return;
      }
      const left = total - sent;
      if (left <= 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, BLOCK);
      sent += n;
      this.push(n === BLOCK ? block : block.subarray(0, n));
    },
  });
}

/** The bytes one at a time: the first at once, each next one `intervalMs` later. */
export function trickleStream(bytes: Buffer, intervalMs: number): Readable {
  let next = 0;
  let timer: NodeJS.Timeout | undefined;
  return new Readable({
    highWaterMark: 1,
    read() {
      if (timer) return;
      const push = () => {
        timer = undefined;
        if (next >= bytes.length) {
          this.push(null);
          return;
        }
        this.push(bytes.subarray(next, next + 1));
        next++;
      };
      if (next === 0) push();
      else timer = setTimeout(push, intervalMs);
    },
    destroy(err, callback) {
      clearTimeout(timer);
      callback(err);
    },
  });
}
