// Connects with graphql-ws using an optional connection_init payload and runs one query; prints {data|error}.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const input = JSON.parse(await new Promise((resolve) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => resolve(s)); }));
const client = createClient({ url: input.url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: input.payload ?? undefined });
const outcome = await new Promise((resolve) => {
  let last = null;
  client.subscribe({ query: input.query }, {
    next: (v) => { last = v; },
    error: (e) => resolve({ error: String(e?.code ?? e?.message ?? JSON.stringify(e)) }),
    complete: () => resolve({ result: last }),
  });
});
await client.dispose();
process.stdout.write(JSON.stringify(outcome));
