import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";

// Charts are drawn in the browser only, after the page has painted: their code (polaris-viz and d3) is a chunk
// of its own, and the box keeps its height meanwhile, so the page neither waits for it nor shifts when it lands.

export const Charts = lazy(() => import("./charts"));

export function ChartBox({ height, children }: { height: number; children: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return (
    <div style={{ height, position: "relative" }}>
      {mounted ? <Suspense fallback={null}>{children}</Suspense> : null}
    </div>
  );
}
