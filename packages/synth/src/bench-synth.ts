// Generation rate and peak memory: `npx tsx packages/synth/src/bench-synth.ts [patients...]`.
// Prints one JSON line per run; the lead's bench runner can call measureGeneration directly.
import { measureGeneration } from './measure.ts';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
for (const patients of sizes.length > 0 ? sizes : [1_000, 10_000]) {
  console.log(JSON.stringify({ run: 'generate', ...measureGeneration(patients) }));
}
console.log(JSON.stringify({ run: 'generate+serialize', ...measureGeneration(1_000, { serialize: true }) }));
