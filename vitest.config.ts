import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The browser tests need the built UI: built once per run, before any test file.
    globalSetup: ['test/setup/browser.ts', 'test/setup/build-web.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
