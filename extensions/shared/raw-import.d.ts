// Vite's ?raw imports (tests read extension sources to check their translation keys).
declare module "*?raw" {
  const text: string;
  export default text;
}
