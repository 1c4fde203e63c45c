// Prints benchmark rows as a Markdown table (the same text goes into bench/RESULTS.md).

export interface BenchRow {
  engine: string;
  name: string;
  value: string;
  baseline?: string;
  ratio?: string;
  target?: string;
  met?: boolean;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function table(rows: readonly BenchRow[]): string {
  const head =
    '| engine | measure | result | same-run baseline | ratio | target | met |\n|---|---|---|---|---|---|---|';
  const body = rows.map(
    (r) =>
      `| ${r.engine} | ${r.name} | ${r.value} | ${r.baseline ?? '—'} | ${r.ratio ?? '—'} | ${r.target ?? '—'} | ${
        r.met === undefined ? '—' : r.met ? 'yes' : '**no**'
      } |`,
  );
  return [head, ...body].join('\n');
}
