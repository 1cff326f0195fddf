// graphql-js side of the benchmark: same workload, parse + validate + execute per iteration.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(new URL('../../tests/GraphQL.Tests/js/package.json', import.meta.url));
const { buildSchema, parse, validate, execute } = require('graphql');

const w = JSON.parse(readFileSync(new URL('./workload.json', import.meta.url)));
const iterations = Number(process.argv[2] ?? w.iterations);
const schema = buildSchema(w.sdl);
const item = (id) => ({ id, name: 'item ' + id, price: id * 1.5, tags: ['a', 'b'], inStock: id % 2 === 0, child: () => item(id + 100) });
const root = { item: ({ id }) => item(id), items: ({ first }) => Array.from({ length: first }, (_, i) => item(i + 1)) };
async function once() {
  const doc = parse(w.query);
  const errors = validate(schema, doc);
  if (errors.length) throw errors[0];
  return execute({ schema, document: doc, rootValue: root, variableValues: w.variables });
}
const first = await once();
if (first.errors) throw first.errors[0];
for (let i = 0; i < iterations / 10; i++) await once();
const t = process.hrtime.bigint();
for (let i = 0; i < iterations; i++) await once();
const ms = Number(process.hrtime.bigint() - t) / 1e6;
console.log(`graphql-js: ${iterations} iterations in ${ms.toFixed(0)} ms = ${(iterations / (ms / 1000)).toFixed(0)} ops/s`);
