import type { Knex } from 'knex';
import * as initial from './20260101000000_initial.ts';

type Migration = Knex.Migration;

const migrations: Record<string, Migration> = {
  '20260101000000_initial': initial,
};

/** Migrations are imported, not globbed, so they run the same from source and from a bundle. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
