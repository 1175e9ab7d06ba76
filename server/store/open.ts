/** The store the configuration names: PostgreSQL when `PARALLAX_DATABASE_URL` is set, else SQLite in the data folder. */
import type { ServerConfig } from '../config.ts';
import { openPostgresStore } from './postgres.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';

/** Opens (and for PostgreSQL, migrates) the configured store. */
export async function openStore(config: Pick<ServerConfig, 'databaseUrl' | 'databasePool' | 'dataDir'>): Promise<Store> {
  if (config.databaseUrl) return openPostgresStore(config.databaseUrl, { poolSize: config.databasePool });
  return openSqliteStore(config.dataDir);
}
