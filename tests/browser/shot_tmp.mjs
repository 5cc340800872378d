import { chromium } from 'playwright-core';
const [,, base, user, pass, lang, ...targets] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const width of [1280, 390]) {
  const ctx = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#username', user); await page.fill('#password', pass);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  const csrf = await page.getAttribute('input[name=_csrf]', 'value').catch(() => null);
  await page.evaluate(async ([lang]) => { const f = new FormData(); f.set('lang', lang); f.set('_csrf', document.querySelector('input[name=_csrf]')?.value ?? ''); await fetch('/language', { method: 'POST', body: new URLSearchParams(f) }); }, [lang]);
  for (const [i, t] of targets.entries()) {
    await page.goto(`${base}${t}`);
    await page.screenshot({ path: `/tmp/shot-${lang}-${width}-${i}.png`, fullPage: true });
  }
  await ctx.close();
}
await browser.close();
