import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:8631';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
for (const [w, lang] of [[1280, 'en'], [390, 'fr']]) {
  const page = await browser.newPage({ viewport: { width: w, height: 900 } });
  await page.goto(base + '/login');
  await page.fill('input[name=username]', 'coworker');
  await page.fill('input[name=password]', 'hbqws-yrhv4-pv25x-t7i22');
  await page.click('main button[type=submit]');
  await page.waitForLoadState();
  await page.evaluate(async (lang) => { const f = new FormData(); f.set('lang', lang); f.set('_csrf', document.querySelector('input[name=_csrf]')?.value ?? ''); await fetch('/language', { method: 'POST', body: f }); }, lang);
  await page.goto(base + '/requests/2026-9A9M-VQGK');
  await page.evaluate(() => { const d = document.querySelector('.case__take-over'); if (d) d.open = true; });
  await page.screenshot({ path: '/tmp/shot-case-' + w + '.png', fullPage: false });
  await page.goto(base + '/teams/antwerpen-01/queue');
  await page.screenshot({ path: '/tmp/shot-queue-' + w + '.png', fullPage: false });
  await page.evaluate(() => { const d = document.querySelector('.queue__settings'); if (d) d.open = true; });
  await page.locator('.queue__settings').screenshot({ path: '/tmp/shot-settings-' + w + '.png' });
}
await browser.close();
