/** Builds the web UI (web/dist) once before the tests, so the browser tests serve what ships. */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: new URL('../../web/vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
