/**
 * Where the browser tests find a Chromium: `CHROMIUM_PATH` when set (then only there: a user who
 * names a browser means that one), else Debian's `/usr/bin/chromium`, else `chromium`,
 * `chromium-browser`, `google-chrome` or `google-chrome-stable` on the PATH, else Playwright's own
 * browser cache (`PLAYWRIGHT_BROWSERS_PATH` or `~/.cache/ms-playwright`). No download is ever tried.
 */
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The outcome of the search: the browser found (or null) and every place looked at, in order. */
export interface ChromiumSearch {
  path: string | null;
  tried: string[];
}

/** Names looked for on the PATH, in order. */
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** Executables inside a Playwright cache folder, per browser folder kind. */
const IN_CACHE = [
  ['chromium-', ['chrome-linux/chrome', 'chrome-linux64/chrome']],
  ['chromium_headless_shell-', ['chrome-linux/headless_shell', 'chrome-headless-shell-linux64/chrome-headless-shell']],
] as const;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Searches for a Chromium as described above; `env` is the process environment. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumSearch {
  const tried: string[] = [];
  const at = (p: string): string | null => {
    tried.push(p);
    return executable(p) ? p : null;
  };
  const chosen = env['CHROMIUM_PATH'];
  if (chosen !== undefined && chosen !== '') return { path: at(chosen), tried };
  const debian = at('/usr/bin/chromium');
  if (debian) return { path: debian, tried };
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  for (const name of ON_PATH) {
    for (const dir of dirs) {
      const found = at(join(dir, name));
      if (found) return { path: found, tried };
    }
  }
  const cache = env['PLAYWRIGHT_BROWSERS_PATH'] || join(env['HOME'] || homedir(), '.cache', 'ms-playwright');
  tried.push(`${cache}/chromium-*`);
  let folders: string[] = [];
  try {
    folders = readdirSync(cache).sort().reverse(); // newest revision first
  } catch {
    // No cache: nothing there.
  }
  for (const [prefix, files] of IN_CACHE) {
    for (const folder of folders.filter((f) => f.startsWith(prefix))) {
      for (const file of files) {
        const p = join(cache, folder, file);
        if (executable(p)) return { path: p, tried };
      }
    }
  }
  return { path: null, tried };
}

/** Whether the environment says this is CI (`CI` set to anything but "", "0" or "false"). */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env['CI'];
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/** The line the test run ends with when the browser tests were skipped. */
export function skipLine(search: ChromiumSearch): string {
  return `Browser tests skipped: no Chromium found (looked at ${search.tried.join(', ')}). To run them, install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable.`;
}

/**
 * What the run does about the browser tests: run them with `path`, skip them (with the line to
 * print at the end), or fail (CI, where skipping would hide them).
 */
export function browserDecision(env: NodeJS.ProcessEnv = process.env): { path: string; skip: null } | { path: null; skip: string } {
  const search = findChromium(env);
  if (search.path) return { path: search.path, skip: null };
  if (isCi(env)) throw new Error(`CI is set and no Chromium was found (looked at ${search.tried.join(', ')}): in CI the browser tests must run. Install Debian's chromium or set CHROMIUM_PATH.`);
  return { path: null, skip: skipLine(search) };
}
