// axe-core on every page, in English, Dutch and French: no violation of any
// rule (WCAG 2.1 A and AA and axe's best practices). And, in a context that
// keeps the Content Security Policy, no console error, CSP violation or
// inline style/script on any of those pages.
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  axeViolations, describeViolations, inlineCode, languages, launchBrowser, openPage, ploegBinary,
  signIn, startServer, switchLanguage, walkPages,
} from './harness.mjs';

const user = { username: 'ana', role: 'coworker', displayName: 'Ana Lefèvre-Claes', password: 'ana-test-password-1' };
let server;
let browser;

before(async () => {
  server = await startServer([user]);
  // The directory's pages need people: a small demo organisation in the
  // server's own database (named in its "listening" log line).
  const parse = (line) => { try { return JSON.parse(line); } catch { return {}; } };
  let listening;
  for (let tries = 0; !listening && tries < 100; ++tries) {
    listening = server.log.map(parse).find((entry) => entry.event === 'listening');
    if (!listening) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.ok(listening, 'the server logged where it listens');
  execFileSync(ploegBinary(), ['demo', '--people', '60', '--database', listening.database],
    { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  browser = await launchBrowser();
});

// The directory, signed in: everyone, a search with results, one that finds
// nobody, and a person's page.
async function walkDirectory(page, lang, check) {
  await page.goto(`${server.url}/`);
  await switchLanguage(page, lang);
  await signIn(page, server.url, user.username, user.password);
  const pages = [['people', '/people'], ['people search', '/people?q=autism'],
    ['people search, nobody found', '/people?q=zzzzqqq']];
  for (const [name, target] of pages) {
    const response = await page.goto(`${server.url}${target}`);
    assert.equal(response.status(), 200, `${name}: status ${response.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await check(`${lang} ${name}`);
  }
  await page.goto(`${server.url}/people`);
  const href = await page.getAttribute('.directory__table tbody a', 'href');
  const response = await page.goto(`${server.url}${href}`);
  assert.equal(response.status(), 200);
  await check(`${lang} person page`);
}

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Each page is checked at a desktop width and again at 360 px, the narrowest
// phone the layout is made for (where it must not scroll sideways either).
async function checkWideAndNarrow(page, name, found) {
  let violations = await axeViolations(page);
  if (violations.length) found.push(describeViolations(`${name} (1280 px)`, violations));
  await page.setViewportSize({ width: 360, height: 740 });
  violations = await axeViolations(page);
  if (violations.length) found.push(describeViolations(`${name} (360 px)`, violations));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) found.push(`${name}: the page is ${overflow} px wider than a 360 px screen`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

for (const lang of languages) {
  test(`axe finds no violation on any page in ${lang}, wide and 360 px narrow`, async () => {
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    const checked = [];
    try {
      await walkPages(page, server.url, lang, user, async (name) => {
        checked.push(name);
        await checkWideAndNarrow(page, name, found);
      });
    } finally {
      await context.close();
    }
    assert.ok(checked.length >= 12, `only ${checked.length} pages were checked`);
    assert.equal(found.length, 0, `axe violations:\n${found.join('\n')}`);
  });
}

for (const lang of languages) {
  test(`axe finds no violation on the directory pages in ${lang}, wide and 360 px narrow`, async () => {
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    try {
      await walkDirectory(page, lang, async (name) => {
        await checkWideAndNarrow(page, name, found);
      });
    } finally {
      await context.close();
    }
    assert.equal(found.length, 0, `axe violations:\n${found.join('\n')}`);
  });
}

test('no console error, CSP violation or inline code on any page', async () => {
  const all = [];
  // A fresh browser context for each walk, rather than clearing cookies in
  // one: Chromium may still send a cleared cookie with the next request.
  const inContext = async (walk) => {
    const { context, page, problems } = await openPage(browser);
    try {
      await walk(page);
    } finally {
      await context.close();
      all.push(...problems);
    }
  };
  await inContext(async (page) => {
    const home = await page.goto(`${server.url}/`);
    assert.ok(home.headers()['content-security-policy'], 'the home page has a Content-Security-Policy header');
  });
  for (const lang of languages) {
    await inContext((page) => walkPages(page, server.url, lang, user, async (name) => {
      for (const found of await inlineCode(page)) all.push(`${name}: ${found}`);
    }));
    await inContext((page) => walkDirectory(page, lang, async (name) => {
      for (const found of await inlineCode(page)) all.push(`${name}: ${found}`);
    }));
  }
  assert.deepEqual(all, []);
});
