/** Throw-away PostgreSQL databases for the tests (PARALLAX_TEST_DATABASE_URL; `.ci/run` starts a server and sets it). */
import pg from 'pg';

export const PG_URL = process.env['PARALLAX_TEST_DATABASE_URL'];

/** Why the PostgreSQL tests cannot run here, or null when they can; under CI a missing server is an error, not a skip. */
export function postgresMissing(what: string): string | null {
  if (PG_URL) return null;
  if (process.env['CI']) throw new Error(`CI is set but PARALLAX_TEST_DATABASE_URL is not: ${what} cannot run (.ci/run starts a server and sets it).`);
  const why = `${what} skipped: PARALLAX_TEST_DATABASE_URL is not set (.ci/run starts a throw-away PostgreSQL server and sets it).`;
  console.warn(why);
  return why;
}

let counter = 0;

/** Creates an empty database on the test server; returns its URL and a function that drops it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const db = `parallax_test_${process.pid}_${Date.now() % 1e6}_${++counter}`;
  await admin.query(`CREATE DATABASE ${db}`);
  const url = new URL(PG_URL!);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
    },
  };
}
