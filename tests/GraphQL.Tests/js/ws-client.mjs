// Subscribes with the real graphql-ws client and prints every message it got as JSON.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const input = JSON.parse(await new Promise((resolve) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => resolve(s)); }));
const client = createClient({ url: input.url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
const results = [];
const outcome = await new Promise((resolve) => {
  client.subscribe({ query: input.query }, {
    next: (v) => { results.push(v); if (results.length >= input.count) resolve({ complete: false }); },
    error: (e) => resolve({ error: String(e?.message ?? e?.reason ?? JSON.stringify(e)) }),
    complete: () => resolve({ complete: true }),
  });
});
await client.dispose();
process.stdout.write(JSON.stringify({ results, ...outcome }));
