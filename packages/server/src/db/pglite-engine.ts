import { PGlite } from '@electric-sql/pglite';
import type { Engine, Queryable, QueryResult } from './engine.ts';

// Same value types as the PostgreSQL engine: timestamps, bigints, numerics and dates as text.
const identity = (v: string) => v;
const RAW_PARSERS = { 1184: identity, 1114: identity, 20: identity, 1700: identity, 1082: identity };

type PgliteQueryable = Pick<PGlite, 'query'>;

function wrap(db: PgliteQueryable): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await db.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  };
}

/** Embedded PostgreSQL (WASM). `dataDir` undefined = in memory. One process may open a data dir. */
export async function openPglite(dataDir?: string): Promise<Engine> {
  const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers: RAW_PARSERS });
  await db.exec("SET TIME ZONE 'UTC'");
  const q = wrap(db);
  return {
    kind: 'pglite',
    query: q.query.bind(q),
    async exec(sql) {
      await db.exec(sql);
    },
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
