// Opens the gateway's /graphql in headless Chromium (Debian's), runs a query on the page and prints the result text.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const input = JSON.parse(await new Promise((resolve) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => resolve(s)); }));
const profile = mkdtempSync(join(tmpdir(), 'cb-chromium-'));
// A fresh profile directory per run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: input.executablePath ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = browser.pages()[0] ?? await browser.newPage();
  const response = await page.goto(input.url);
  await page.fill('#query', input.query);
  await page.click('#run');
  await page.waitForFunction(() => document.querySelector('#result')?.dataset.status !== undefined, null, { timeout: 15000 });
  const text = await page.textContent('#result');
  process.stdout.write(JSON.stringify({ status: response.status(), contentType: response.headers()['content-type'], title: await page.title(), result: text }));
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
