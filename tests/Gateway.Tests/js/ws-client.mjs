// Subscribes with the real graphql-ws client; input {url, httpUrl, query, count, mutations?, mutateAfter?, timeoutMs?}.
// Prints {results, complete|error}. Mutations (if any) are posted in order once the connection is acknowledged, or,
// with mutateAfter = n, once n results arrived (so the subscription is known to be in place). After count results the
// client disposes: the socket closes, a real disconnect.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const input = JSON.parse(await new Promise((resolve) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => resolve(s)); }));
const client = createClient({ url: input.url, webSocketImpl: WebSocket, retryAttempts: 0 });
const results = [];
const timer = setTimeout(() => { process.stdout.write(JSON.stringify({ results, error: 'timeout' })); process.exit(0); }, input.timeoutMs ?? 20000);
const outcome = await new Promise((resolve) => {
  const mutate = async () => {
    for (const m of input.mutations ?? []) {
      const r = await fetch(input.httpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: m }) });
      const body = await r.json();
      if (body.errors) { resolve({ error: 'mutation failed: ' + JSON.stringify(body.errors) }); return; }
    }
  };
  client.on('connected', () => { if (input.mutateAfter === undefined) mutate(); });
  client.subscribe({ query: input.query }, {
    next: (v) => {
      results.push(v);
      if (results.length === input.mutateAfter) mutate();
      if (results.length >= input.count) resolve({ complete: false });
    },
    error: (e) => resolve({ error: String(e?.message ?? e?.reason ?? JSON.stringify(e)) }),
    complete: () => resolve({ complete: true }),
  });
});
clearTimeout(timer);
await client.dispose();
process.stdout.write(JSON.stringify({ results, ...outcome }));
