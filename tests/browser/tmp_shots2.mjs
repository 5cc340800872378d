import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:8631';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
for (const [w, lang] of [[1280, 'en'], [390, 'nl']]) {
  const page = await browser.newPage({ viewport: { width: w, height: 900 } });
  await page.goto(base + '/login');
  await page.fill('input[name=username]', 'coworker');
  await page.fill('input[name=password]', 'hbqws-yrhv4-pv25x-t7i22');
  await page.click('main button[type=submit]');
  await page.waitForLoadState();
  await page.evaluate(async (lang) => { const f = new FormData(); f.set('lang', lang); await fetch('/language', { method: 'POST', body: f }); }, lang);
  await page.goto(base + '/');
  await page.screenshot({ path: '/tmp/shot-home-' + w + '.png', fullPage: true });
  await page.goto(base + '/teams/antwerpen-01/queue?q=wil&age=30');
  await page.screenshot({ path: '/tmp/shot-queue-' + w + '.png', fullPage: false });
  await page.goto(base + '/teams/antwerpen-01');
  await page.screenshot({ path: '/tmp/shot-team-' + w + '.png', fullPage: false });
}
await browser.close();
