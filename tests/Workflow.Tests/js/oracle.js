// Reads [{rule, data}, ...] from the file named on the command line and prints one JSON result per case:
// {"result": value} or {"error": message}, as json-logic-js 2.0.5 computes them.
const fs = require("fs");
const jsonLogic = require("json-logic-js");
const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = cases.map(({ rule, data }) => {
  try {
    const result = jsonLogic.apply(rule, data);
    return { result: result === undefined ? null : result };
  } catch (e) {
    return { error: String(e && e.message || e) };
  }
});
process.stdout.write(JSON.stringify(out));
