/** Engine version stamped into every comparison; bump with any change to the output. */
export const ENGINE_VERSION = '0.1.0';
/** Version of the comparison JSON contract (`engine/types.ts`). */
export const SCHEMA_VERSION = 1 as const;
