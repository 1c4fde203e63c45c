// Baseline for device ingestion: readings as rows of a table shaped like device_samples (0017: same columns,
// primary key and patient index), inserted by one connection in multi-row INSERT … ON CONFLICT DO NOTHING
// batches of 1,000, no parsing, no Observations, no audit — the floor any durable ingestion pays.
import type { Engine } from '../../packages/server/src/db/engine.ts';

const BATCH = 1000;
const CODES = ['8867-4', '59408-5', '9279-1'];

export async function rawSampleInsertRate(
  engine: Engine,
  durationMs: number,
  devices = 200,
): Promise<number> {
  await engine.exec(`DROP TABLE IF EXISTS bench_device_samples;
    CREATE TABLE bench_device_samples (
      device_id text NOT NULL, code text NOT NULL, t bigint NOT NULL, patient_id text NOT NULL,
      value double precision NOT NULL, value2 double precision, start_t bigint,
      PRIMARY KEY (device_id, code, t));
    CREATE INDEX bench_device_samples_patient ON bench_device_samples (patient_id, code, t);`);
  const values = Array.from(
    { length: BATCH },
    (_, j) => `($${5 * j + 1}, $${5 * j + 2}, $${5 * j + 3}, $${5 * j + 4}, $${5 * j + 5})`,
  ).join(',');
  const sql = `INSERT INTO bench_device_samples (device_id, code, t, patient_id, value) VALUES ${values} ON CONFLICT DO NOTHING`;
  let count = 0;
  let tick = Date.now();
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    const params: unknown[] = [];
    for (let j = 0; j < BATCH; j++) {
      const i = count + j;
      const device = i % devices;
      params.push(
        `device-${device}`,
        CODES[Math.floor(i / devices) % 3]!,
        tick,
        `patient-${device}`,
        60 + (i % 40),
      );
      if (device === devices - 1 && Math.floor(i / devices) % 3 === 2) tick += 20;
    }
    await engine.query(sql, params);
    count += BATCH;
  }
  const rate = count / ((performance.now() - start) / 1000);
  await engine.exec('DROP TABLE bench_device_samples');
  return rate;
}
