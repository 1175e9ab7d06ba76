#!/usr/bin/env node
/**
 * Compiles the command line and the server to plain JavaScript in `dist/` (esbuild: one bundle
 * per entry, the project's own modules only, packages left to Node), so that `parallax` starts
 * without compiling TypeScript on every run. `npm install` runs it (the `prepare` script) and
 * `bin/parallax.js` runs it again whenever a source is newer than the build.
 *
 * The build goes to a temporary folder that replaces `dist/` when complete, under a lock file, so
 * that commands started at the same moment never see half a build.
 */
import { closeSync, existsSync, openSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the folder above this script's). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the build goes, and the file whose modification time is the build's. */
export const DIST = join(ROOT, 'dist');
export const STAMP = join(DIST, '.built');
/** Source folders whose files the build depends on, and single files. */
const SOURCE_DIRS = ['engine', 'server'];
const SOURCE_FILES = ['package.json', 'scripts/build.mjs', 'bin/parallax.js'];
/** A lock older than this is a crashed build's and is taken over. */
const STALE_LOCK_MS = 120_000;

/** Entry points: the command line, the batch command's worker thread, the server's worker thread. */
const ENTRIES = {
  cli: 'server/cli/main.ts',
  'batch-worker': 'server/cli/batch-worker.ts',
  worker: 'server/jobs/worker.ts',
};

/** The newest modification time (ms) of any source the build depends on. */
export function newestSource(root = ROOT) {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs|js|json)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const d of SOURCE_DIRS) walk(join(root, d));
  for (const f of SOURCE_FILES) if (existsSync(join(root, f))) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

/** Whether `dist/` holds a build at least as new as every source. */
export function isFresh(root = ROOT) {
  const stamp = join(root, 'dist', '.built');
  if (!existsSync(stamp)) return false;
  return statSync(stamp).mtimeMs >= newestSource(root);
}

/**
 * Builds `dist/` (under the lock). Resolves to true when this call built it or found it fresh,
 * false when another process holds the lock (the caller runs from source this time).
 */
export async function build(root = ROOT) {
  const lock = join(root, 'dist.lock');
  let fd;
  try {
    fd = openSync(lock, 'wx');
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs < STALE_LOCK_MS) return false;
      rmSync(lock, { force: true });
      fd = openSync(lock, 'wx');
    } catch {
      return false;
    }
  }
  const tmp = join(root, `dist.tmp-${process.pid}`);
  try {
    // The build is as new as the sources were when it started: an edit during the build leaves it stale.
    const started = Date.now();
    const { build: esbuild } = await import('esbuild');
    rmSync(tmp, { recursive: true, force: true });
    await esbuild({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      chunkNames: 'chunk-[hash]',
      // Code that must know it runs from the build (to find the worker entries beside it).
      define: { __PARALLAX_DIST__: 'true' },
      legalComments: 'none',
      logLevel: 'warning',
    });
    writeFileSync(join(tmp, '.built'), `${new Date(started).toISOString()}\n`);
    utimesSync(join(tmp, '.built'), started / 1000, started / 1000);
    const old = join(root, `dist.old-${process.pid}`);
    if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
    renameSync(tmp, join(root, 'dist'));
    rmSync(old, { recursive: true, force: true });
    return true;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    closeSync(fd);
    rmSync(lock, { force: true });
  }
}

// Run as a script: build unless fresh (`--force` builds anyway).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--force') || !isFresh()) {
    if (!(await build())) {
      console.error('parallax build: another build is running (dist.lock); try again when it is done');
      process.exit(1);
    }
  }
}
