import type { Db } from '../db/connection.ts';

export function deploymentRepo(db: Db) {
  return {
    /** The id the database drew when it was made (see the migration `deployment`). */
    async id(): Promise<string> {
      const row = await db<{ id: string }>('deployment').first('id');
      if (!row) throw new Error('the deployment table is empty: the database was not migrated');
      return row.id;
    },
  };
}

export type DeploymentRepo = ReturnType<typeof deploymentRepo>;
