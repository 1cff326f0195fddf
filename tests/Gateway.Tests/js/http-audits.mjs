// Runs graphql-http's server audits against the given URL and prints each result.
import { serverAudits } from 'graphql-http';

const input = JSON.parse(await new Promise((resolve) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => resolve(s)); }));
const out = [];
for (const audit of serverAudits({ url: input.url })) {
  const r = await audit.fn();
  out.push({ id: audit.id, name: audit.name, status: r.status, reason: r.reason ?? null });
}
process.stdout.write(JSON.stringify(out));
