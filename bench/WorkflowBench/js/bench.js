// Evaluations per second of json-logic-js on the rules in rules.json (same as the .NET bench).
const jsonLogic = require("json-logic-js");
const { data, rules } = require("./rules.json");
const seconds = Number(process.argv[2] || 2);
for (const [name, rule] of Object.entries(rules)) {
  for (let i = 0; i < 20000; i++) jsonLogic.apply(rule, data); // warm-up
  let n = 0, sink;
  const end = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() < end) { for (let i = 0; i < 1000; i++) sink = jsonLogic.apply(rule, data); n += 1000; }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${name.padEnd(16)} result=${JSON.stringify(sink).padEnd(8)} ${Math.round(n / elapsed).toLocaleString("en-US")} evals/s`);
}
