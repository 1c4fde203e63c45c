import pg from 'pg';
import type { Engine, Queryable, QueryOptions, QueryResult } from './engine.ts';

// Return timestamps, bigints and numerics as strings: the repository formats them itself and
// never loses precision through JavaScript numbers or Date's local-time parsing.
const types = new pg.TypeOverrides();
for (const oid of [
  pg.types.builtins.TIMESTAMPTZ,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.INT8,
  pg.types.builtins.NUMERIC,
  pg.types.builtins.DATE,
]) {
  types.setTypeParser(oid, 'text', (v: string) => v);
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<T>> {
      const values = params as unknown[] | undefined;
      const r = await client.query({ text: sql, values, ...(opts?.name ? { name: opts.name } : {}) });
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
  };
}

export interface PostgresOptions {
  url: string;
  /** Schema to use (tests isolate themselves in one); created if missing. */
  schema?: string;
  maxConnections?: number;
}

export async function openPostgres(opts: PostgresOptions): Promise<Engine> {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.maxConnections ?? 20,
    types,
    options: `-c TimeZone=UTC${opts.schema ? ` -c search_path=${opts.schema}` : ''}`,
  });
  if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
  const q = wrap(pool);
  return {
    kind: 'postgres',
    query: q.query.bind(q),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
