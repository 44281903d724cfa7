// Vite's ?raw imports (tests read extension sources to check their translation keys).
declare module "*?raw" {
  const text: string;
  export default text;
}

// Vite's import.meta.glob, as the locale test uses it (every source of an extension, as text).
interface ImportMeta {
  glob(pattern: string | string[], options: { query: "?raw"; import: "default"; eager: true }): Record<string, string>;
}
