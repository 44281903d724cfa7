// docs/benchmarks.md has one `## ` section per benchmark. `npm run bench` rewrites only the generated block
// between a benchmark's markers; the prose around it and other benchmarks' sections are left as they are.

export const DOC_HEADER = `# Benchmarks

\`npm run bench\` runs every benchmark in \`bench/\` (\`npm run bench -- <id>\` runs one, \`-- --quick\` is a
short smoke run that does not touch this file) and rewrites the generated block of each benchmark it ran.
Figures are for orientation: they depend on the machine named in each block.
`;

export function markers(id: string): { begin: string; end: string } {
  return { begin: `<!-- bench:${id}:begin -->`, end: `<!-- bench:${id}:end -->` };
}

/** Replaces the generated block of `id`, or appends a new `## title` section holding it. */
export function updateSection(doc: string, id: string, title: string, generated: string): string {
  const { begin, end } = markers(id);
  const block = `${begin}\n${generated.trim()}\n${end}`;
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start !== -1 && stop > start) return doc.slice(0, start) + block + doc.slice(stop + end.length);
  const base = doc.trim() ? doc.replace(/\s*$/, "\n") : DOC_HEADER;
  return `${base}\n## ${title}\n\n${block}\n`;
}
