// Values the global setup hands to the test files (`inject`): see test/setup/browser.ts.
export {};
declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium the browser tests drive, or null (they skip). */
    chromium: string | null;
  }
}
