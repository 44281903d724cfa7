// Imported first by `npm start` and `npm run worker`: they are production, whatever NODE_ENV the shell had, so
// the configuration's production checks always apply and Remix never sends stack traces (docs/security.md).
const fromShell = process.env.NODE_ENV;
if (fromShell !== "production") {
  process.env.NODE_ENV = "production";
  if (fromShell) console.warn(`NODE_ENV=${fromShell} is ignored: this command always runs with NODE_ENV=production (use \`npm run dev\` or \`npm run demo\` to develop).`);
}

export {};
