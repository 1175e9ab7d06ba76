#!/usr/bin/env node
// Entry point of the `parallax` command. The project is TypeScript run in place: tsx compiles
// modules on load (no build step, so `npx --no-install parallax` always runs the current source).
import { register } from 'tsx/esm/api';

// A closed pipe (`parallax compare ... | head`) is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
