#!/usr/bin/env node
// Entry point of the `parallax` command. The project is TypeScript run in place: tsx compiles
// modules on load (no build step, so `npx --no-install parallax` always runs the current source).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../server/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
