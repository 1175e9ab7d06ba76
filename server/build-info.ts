// Set by the build (scripts/build.mjs) through esbuild's `define`; undeclared when tsx runs the sources.
declare const __PARALLAX_DIST__: boolean | undefined;

/** Whether this code runs from the build in dist/ (worker entries then sit beside it as .js files). */
export const FROM_BUILD: boolean = typeof __PARALLAX_DIST__ !== 'undefined';
