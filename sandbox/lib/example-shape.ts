// "Every answer is a document example or strictly less": where an answer goes beyond a documented example.
// Beyond = a key the example lacks, another JSON type, items where the example's list or object is empty, or,
// at the given enum paths, another value than the example's.

function kind(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

/** Paths (`a.b[].c`, items unnumbered) where `answer` shows more than `example`; empty when the answer is within the example. */
export function beyondExample(answer: unknown, example: unknown, enumPaths: readonly string[] = [], path = ""): string[] {
  const at = path || "(answer)";
  if (kind(answer) !== kind(example)) return [`${at}: ${kind(answer)} where the example has ${kind(example)}`];
  if (Array.isArray(answer)) {
    const ex = example as unknown[];
    if (!ex.length) return answer.length ? [`${at}: ${answer.length} item(s) where the example has none`] : [];
    return answer.flatMap((item) => beyondExample(item, ex[0], enumPaths, `${path}[]`));
  }
  if (answer && typeof answer === "object") {
    const ex = example as Record<string, unknown>;
    return Object.entries(answer as Record<string, unknown>).flatMap(([k, v]) => {
      const sub = path ? `${path}.${k}` : k;
      return k in ex ? beyondExample(v, ex[k], enumPaths, sub) : [`${sub}: not in the example`];
    });
  }
  if (enumPaths.includes(path) && answer !== example) return [`${at}: ${JSON.stringify(answer)} where the example shows only ${JSON.stringify(example)}`];
  return [];
}
