// axe-core on every page, in English, Dutch and French: no violation of any
// rule (WCAG 2.1 A and AA and axe's best practices). And, in a context that
// keeps the Content Security Policy, no console error, CSP violation or
// inline style/script on any of those pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  axeViolations, describeViolations, inlineCode, languages, launchBrowser, openPage,
  signIn, startServer, submit, switchLanguage, walkPages,
} from './harness.mjs';

const user = { username: 'ana', role: 'coworker', displayName: 'Ana Lefèvre-Claes', password: 'ana-test-password-1' };
let server;
let browser;

before(async () => {
  // The directory and team pages need an organisation: a demo one.
  server = await startServer([user], { demoPeople: 60 });
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

// Opens a page of this site, expects its status and language, and checks it.
function visitor(page, lang, check) {
  return async (name, target, status = 200) => {
    const response = await page.goto(`${server.url}${target}`);
    assert.equal(response.status(), status, `${name}: status ${response.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await check(`${lang} ${name}`);
  };
}

// The team pages as the demo's co-worker, who may edit their own team: the
// team of teams (all and one region), their team with its forms open, the
// same with field errors, the role catalogue, their person page and profile
// form (also with an error).
const coworker = { username: 'coworker', get password() { return server.password('coworker'); } };
async function walkTeams(page, lang, check) {
  await page.goto(`${server.url}/`);
  await switchLanguage(page, lang);
  await signIn(page, server.url, coworker.username, coworker.password);
  const visit = visitor(page, lang, check);
  await visit('team of teams', '/teams');
  const region = await page.$eval('#teams-region option:nth-child(2)', (option) => option.value);
  await visit('team of teams, one region', `/teams?region=${encodeURIComponent(region)}`);

  // The co-worker's own team: the first whose page has the forms.
  const links = await page.$$eval('.teams__table tbody th a', (as) => as.map((a) => a.getAttribute('href')));
  let own;
  for (const href of links) {
    await page.goto(`${server.url}${href}`);
    if (await page.$('form[action$="/vision"]')) { own = href; break; }
  }
  assert.ok(own, 'the co-worker has a team to edit');
  await page.goto(`${server.url}${own}`);
  await page.click('.team__edit > summary');
  await page.click('.team-role__give > summary');
  await check(`${lang} team page with its forms open`);
  // A rotation before the role is taken: the form comes back with errors.
  await page.fill('.team-role__give input[name="since"]', '2026-06-01');
  await page.fill('.team-role__give input[name="next_rotation"]', '2026-01-01');
  let response = await submit(page, '.team-role__give button[type="submit"]');
  assert.equal(response.status(), 422);
  await page.waitForSelector('[aria-invalid="true"]');
  await check(`${lang} team page with field errors`);
  await visit('team page, saved', `${own}?saved=role`);
  await visit('roles', '/roles');

  // Their work: the home page, their team's queue searched and filtered, with
  // its settings open, and a request held by a colleague with the take-over
  // form open (when the demo has one whose step the co-worker can do).
  await visit('home with my work', '/');
  await visit('queue searched and filtered', `${own}/queue?q=a&age=7`);
  await page.goto(`${server.url}${own}/queue`);
  await page.click('.queue__settings > summary');
  await check(`${lang} queue with its settings open`);
  const requests = await page.$$eval('.queue__reference', (as) => as.map((a) => a.getAttribute('href')));
  for (const href of requests) {
    await page.goto(`${server.url}${href}`);
    if (!(await page.$('.case__take-over'))) continue;
    await page.click('.case__take-over > summary');
    await check(`${lang} request with the take-over form open`);
    break;
  }

  // Their own person page offers the profile form.
  await page.goto(`${server.url}${own}`);
  const member = await page.$$eval('.coverage tbody th a', (as) => as.map((a) => a.getAttribute('href')));
  let profile;
  for (const href of member) {
    await page.goto(`${server.url}${href}`);
    profile = await page.$eval('a[href$="/profile"]', (a) => a.getAttribute('href')).catch(() => null);
    if (profile) break;
  }
  assert.ok(profile, 'the co-worker has a person page with a profile link');
  await visit('own person page', `${profile.replace(/\/profile$/, '')}?saved=profile`);
  await visit('profile form', profile);
  await page.fill('#profile-expertise', 'x'.repeat(70));
  response = await submit(page, `form[action="${profile}"] button[type="submit"]`);
  assert.equal(response.status(), 422);
  await check(`${lang} profile form with an error`);
}

// The names of the organisation's things as the demo's administrator: two
// kinds, and the form sent back with a name that is too long.
const admin = { username: 'admin', get password() { return server.password('admin'); } };
async function walkNames(page, lang, check) {
  await page.goto(`${server.url}/`);
  await switchLanguage(page, lang);
  await signIn(page, server.url, admin.username, admin.password);
  for (const kind of ['competence', 'step']) {
    const response = await page.goto(`${server.url}/admin/names?kind=${kind}`);
    assert.equal(response.status(), 200, `names of ${kind}: status ${response.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await check(`${lang} names of ${kind}`);
  }
  await page.goto(`${server.url}/admin/names?kind=role`);
  await page.$eval('input[name="nl:quality"]', (input) => {
    input.removeAttribute('maxlength');
    input.value = 'x'.repeat(201);
  });
  const response = await submit(page, 'form[action^="/admin/names"] button[type="submit"]');
  assert.equal(response.status(), 422);
  await page.waitForSelector('[aria-invalid="true"]');
  await check(`${lang} names with a field error`);
}

// Accounts from the web and the audit log as the demo's administrator: the
// list, one account, the people to invite and one invitation form, the audit
// log, and the new-account form sent back with a field error.
async function walkAccountAdmin(page, lang, check) {
  await page.goto(`${server.url}/`);
  await switchLanguage(page, lang);
  await signIn(page, server.url, admin.username, admin.password);
  const visit = async (name, target) => {
    const response = await page.goto(`${server.url}${target}`);
    assert.equal(response.status(), 200, `${name}: status ${response.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await check(`${lang} ${name}`);
  };
  await visit('accounts', '/admin/accounts');
  await visit('an account', '/admin/accounts/coworker');
  await visit('people to invite', '/admin/invitations');
  const invitation = await page.getAttribute('.directory__table tbody a', 'href');
  await visit('an invitation', invitation);
  await visit('audit log', '/admin/audit?action=login');
  await visit('outbox', '/admin/outbox');
  await page.goto(`${server.url}/admin/accounts`);
  await page.fill('#new-username', 'Not Valid!');
  await page.fill('#new-display-name', 'Someone');
  const response = await submit(page, 'form[method="post"][action="/admin/accounts"] button[type="submit"]');
  assert.equal(response.status(), 422);
  await page.waitForSelector('[aria-invalid="true"]');
  await check(`${lang} new account with a field error`);
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

// One test a language: `walk(page, lang, check)` visits pages and calls
// check(name) on each; axe looks at each at 1280 and 360 px.
function axeWalkInEachLanguage(what, walk, pagesAtLeast) {
  for (const lang of languages) {
    test(`axe finds no violation on ${what} in ${lang}, wide and 360 px narrow`, async () => {
      const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
      const found = [];
      const checked = [];
      try {
        await walk(page, lang, async (name) => {
          checked.push(name);
          await checkWideAndNarrow(page, name, found);
        });
      } finally {
        await context.close();
      }
      assert.ok(checked.length >= pagesAtLeast, `only ${checked.length} pages were checked`);
      assert.equal(found.length, 0, `axe violations:\n${found.join('\n')}`);
    });
  }
}

axeWalkInEachLanguage('the directory pages', walkDirectory, 1);

axeWalkInEachLanguage('the team pages', walkTeams, 9);

// The advice process as the demo's co-worker: the decision log, a decided
// proposal, one asking advice (with the advice form), the form for a new
// one (also sent back with errors) and their own draft with the advisers
// ploeg suggests.
async function walkProposals(page, lang, check) {
  await page.goto(`${server.url}/`);
  await switchLanguage(page, lang);
  await signIn(page, server.url, coworker.username, coworker.password);
  const visit = visitor(page, lang, check);
  await visit('decision log', '/proposals');
  const hrefOf = (state) => page.$$eval(`.proposals__item`, (items, state) => items
    .filter((i) => i.querySelector(`.proposal-state--${state}`))
    .map((i) => i.querySelector('a').getAttribute('href')), state);
  const decided = await hrefOf('decided');
  assert.ok(decided.length > 0, 'the demo has decided proposals');
  await visit('a decided proposal', decided[0]);
  const asking = await hrefOf('asking');
  if (asking.length > 0) await visit('a proposal asking advice', asking[0]);
  await visit('a new proposal', '/proposals/new');
  // Blanks pass the browser's "required" and are refused by ploeg.
  for (const field of ['#proposal-title', '#proposal-problem', '#proposal-proposal']) await page.fill(field, ' ');
  const response = await submit(page, 'form[action="/proposals"] button[type="submit"]');
  assert.equal(response.status(), 422);
  await check(`${lang} a new proposal with errors`);
  await page.fill('#proposal-title', `Axe ${lang}`);
  await page.fill('#proposal-problem', 'A problem worth solving.');
  await page.fill('#proposal-proposal', 'What we propose to do about it.');
  await page.check('input[name="team"]');
  await submit(page, 'form[action="/proposals"] button[type="submit"]');
  assert.match(page.url(), /\/proposals\/P-/);
  await check(`${lang} a draft with the suggested advisers`);
  // Their inbox, with its mail settings sent back refused.
  await visit('the inbox', '/inbox');
  await page.check('#inbox-digest-none');
  await page.evaluate(() => { document.querySelector('#inbox-digest-none').value = 'weekly'; });
  const refused = await submit(page, 'form[action="/inbox/settings"] button[type="submit"]');
  assert.equal(refused.status(), 422);
  await check(`${lang} the inbox with its settings refused`);
}

axeWalkInEachLanguage("the advice process's pages", walkProposals, 7);

for (const lang of languages) {
  test(`axe finds no violation on the names page in ${lang}, wide and 360 px narrow`, async () => {
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    const checked = [];
    try {
      await walkNames(page, lang, async (name) => {
        checked.push(name);
        await checkWideAndNarrow(page, name, found);
      });
    } finally {
      await context.close();
    }
    assert.equal(checked.length, 3);
    assert.equal(found.length, 0, `axe violations:\n${found.join('\n')}`);
  });
}

for (const lang of languages) {
  test(`axe finds no violation on the account and audit pages in ${lang}, wide and 360 px narrow`, async () => {
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    const checked = [];
    try {
      await walkAccountAdmin(page, lang, async (name) => {
        checked.push(name);
        await checkWideAndNarrow(page, name, found);
      });
    } finally {
      await context.close();
    }
    assert.equal(checked.length, 7);  // with the outbox
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
    await inContext((page) => walkTeams(page, lang, async (name) => {
      for (const found of await inlineCode(page)) all.push(`${name}: ${found}`);
    }));
  }
  assert.deepEqual(all, []);
});
