#!/usr/bin/env node
// Entry point of the `parallax` command. It runs the compiled build in dist/ (made by
// scripts/build.mjs at `npm install`), and builds it again first when any source is newer, so
// the output is never stale. When the build cannot be made now (another process is building,
// or esbuild is missing), it runs the TypeScript sources through tsx instead.
import { build, isFresh } from '../scripts/build.mjs';

// A closed pipe (`parallax compare ... | head`) is the reader's choice, not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

let fresh = isFresh();
if (!fresh) {
  try {
    fresh = await build();
  } catch (e) {
    process.stderr.write(`parallax: could not build dist/ (${e instanceof Error ? e.message : String(e)}); running from source\n`);
  }
}
let runCli;
if (fresh) {
  ({ runCli } = await import('../dist/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../server/cli/main.ts'));
}
process.exitCode = await runCli(process.argv.slice(2));
