// Opens the gateway's /graphql (GraphiQL) in headless Chromium (Debian's), types credentials into the headers editor
// (optional), types a query into the query editor, clicks the run button and reads the result pane; optionally then
// runs a subscription and fires `trigger` mutations over HTTP until one's token id shows up in the result pane.
// Prints every URL the page requested, its WebSockets (with their connection_init payloads) and console errors.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const input = JSON.parse(await new Promise((resolve) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => resolve(s)); }));
const timeout = 20000;
const profile = mkdtempSync(join(tmpdir(), 'cb-chromium-'));
// A fresh profile directory per run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: input.executablePath ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const requests = [];
const websockets = [];
const consoleErrors = [];
browser.on('request', (r) => requests.push(r.url()));

// Replaces the text of the CodeMirror editor under `selector` as a user would: click, select all, type.
async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText(text);
}

// Types a named operation and clicks run once GraphiQL has parsed it (the active tab takes the operation's name).
async function run(page, operation) {
  const name = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(operation)?.[1];
  if (!name) throw new Error(`operations must be named (GraphiQL names the tab after them): ${operation}`);
  await typeInto(page, '.graphiql-query-editor .CodeMirror', operation);
  await page.waitForFunction((n) => document.querySelector('.graphiql-tab-active .graphiql-tab-button')?.textContent === n, name, { timeout });
  await page.click('.graphiql-execute-button');
}

// innerText shows indentation as no-break spaces; plain spaces make it JSON again.
const resultText = async (page) => (await page.evaluate(() => document.querySelector('.graphiql-response')?.innerText ?? '')).replace(/\u00a0/g, ' ');

try {
  const page = browser.pages()[0] ?? await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('websocket', (ws) => {
    const entry = { url: ws.url(), init: null };
    websockets.push(entry);
    ws.on('framesent', (f) => {
      const message = JSON.parse(f.payload.toString());
      if (message.type === 'connection_init') entry.init = message.payload ?? {};
    });
  });
  const response = await page.goto(input.url);
  await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout });
  const defaultQuery = await page.evaluate(() => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue());

  if (input.headers) {
    await page.click('.graphiql-editor-tools button[data-name="headers"]');
    await typeInto(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror', input.headers);
  }
  await run(page, input.query);
  await page.waitForFunction((expected) => document.querySelector('.graphiql-response')?.innerText.includes(expected), input.expect, { timeout });
  const result = await resultText(page);

  let subscriptionResult = null;
  let triggeredId = null;
  if (input.subscription) {
    await run(page, input.subscription.query);
    // The subscription is live once the server has it, which the page cannot see: fire until an event arrives.
    const deadline = Date.now() + timeout;
    while (subscriptionResult === null && Date.now() < deadline) {
      const fired = await fetch(input.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...input.subscription.triggerHeaders },
        body: JSON.stringify({ query: input.subscription.trigger }),
      });
      const body = await fired.json();
      triggeredId = Object.values(body.data ?? {})[0]?.id;
      if (!triggeredId) throw new Error(`trigger failed: ${JSON.stringify(body)}`);
      try {
        await page.waitForFunction((id) => document.querySelector('.graphiql-response')?.innerText.includes(id), triggeredId, { timeout: 2000 });
        subscriptionResult = await resultText(page);
      } catch { /* not subscribed yet: fire again */ }
    }
    if (subscriptionResult === null) throw new Error(`no subscription event in the result pane: ${await resultText(page)}`);
    await page.click('.graphiql-execute-button'); // stops the subscription
  }

  process.stdout.write(JSON.stringify({
    status: response.status(), contentType: response.headers()['content-type'], title: await page.title(), defaultQuery,
    result, subscriptionResult, triggeredId, requests, websockets, consoleErrors,
  }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
