// What a person does in the browser: sign in and out, a wrong password,
// switching the language from the header, changing the password. Every test
// runs in a fresh browser context that keeps the Content Security Policy and
// fails on any console error or CSP violation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fill, inContext, launchBrowser, signIn, signOut, startServer, submit, switchLanguage, t,
} from './harness.mjs';

const ana = { username: 'ana', role: 'coworker', displayName: 'Ana Lefèvre-Claes', password: 'ana-test-password-1' };
const piet = { username: 'piet', role: 'coach', displayName: 'Piet Van den Broeck', password: 'piet-old-password-1' };
let server;
let browser;

// The demo organisation's co-worker: a member of the first regional team.
const coworker = { username: 'coworker', get password() { return server.password('coworker'); } };

before(async () => {
  // The directory and team pages need an organisation: a demo one.
  server = await startServer([ana, piet], { demoPeople: 300 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// A test run in a fresh context; fails on any console problem.
function browserTest(name, body) {
  test(name, () => inContext(browser, body));
}

const pathOf = (page) => new URL(page.url()).pathname;

browserTest('signing in leads to the home page with the user\'s name', async (page) => {
  const response = await signIn(page, server.url, ana.username, ana.password);
  assert.equal(response.status(), 200);
  assert.equal(pathOf(page), '/');
  assert.match(await page.textContent('h1'), new RegExp(t.en.home_welcome));
  assert.match(await page.textContent('h1'), /Ana Lefèvre-Claes/);
  assert.match(await page.textContent('.user-menu > summary'), /Ana Lefèvre-Claes/);
  assert.match(await page.textContent('main'), new RegExp(t.en.role_coworker));
  assert.equal(await page.title(), `${t.en.title_home} · ${await page.textContent('.brand__name')}`);
  assert.equal(await page.getAttribute('.site-nav a[href="/"]', 'aria-current'), 'page');
});

browserTest('a wrong password shows the alert and stays on the sign-in page', async (page) => {
  const response = await signIn(page, server.url, ana.username, 'not-her-password');
  assert.equal(response.status(), 401);
  assert.equal(pathOf(page), '/login');
  assert.equal((await page.textContent('[role="alert"]')).trim(), t.en.login_failed);
  assert.equal(await page.inputValue('#username'), ana.username);
  assert.equal(await page.inputValue('#password'), '');
  assert.equal(await page.$('.user-menu'), null);
});

browserTest('a page that needs signing in comes back after signing in', async (page) => {
  await page.goto(`${server.url}/account/password`);
  assert.equal(pathOf(page), '/login');
  await page.fill('#username', ana.username);
  await page.fill('#password', ana.password);
  await submit(page, 'form[action="/login"] button[type="submit"]');
  assert.equal(pathOf(page), '/account/password');
  assert.equal((await page.textContent('h1')).trim(), t.en.password_heading);
});

browserTest('the header buttons switch the language to Dutch and French and back', async (page) => {
  await signIn(page, server.url, ana.username, ana.password);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');

  await page.goto(`${server.url}/account/password`);
  await switchLanguage(page, 'nl');
  assert.equal(pathOf(page), '/account/password', 'the switch returns to the same page');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.equal((await page.textContent('h1')).trim(), t.nl.password_heading);
  assert.equal(await page.getAttribute('button[name="lang"][value="nl"]', 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute('button[name="lang"][value="en"]', 'aria-pressed'), 'false');
  assert.equal(await page.title(), `${t.nl.title_password} · ${await page.textContent('.brand__name')}`);

  await page.goto(`${server.url}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl', 'the choice stays');
  assert.match(await page.textContent('h1'), new RegExp(`^${t.nl.home_welcome},`));
  assert.match(await page.textContent('main'), new RegExp(t.nl.role_coworker));

  await switchLanguage(page, 'fr');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.textContent('h1'), new RegExp(`^${t.fr.home_welcome},`));
  assert.equal((await page.textContent('.site-nav a[aria-current="page"]')).trim(), t.fr.nav_home);
  assert.equal((await page.textContent('.skip-link')).trim(), t.fr.skip_link);
  assert.equal((await page.textContent('#capabilities-heading')).trim(), t.fr.home_capabilities_heading);

  await switchLanguage(page, 'en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.textContent('#capabilities-heading')).trim(), t.en.home_capabilities_heading);
});

browserTest('a guest can switch the language too', async (page) => {
  await page.goto(`${server.url}/login`);
  await switchLanguage(page, 'fr');
  assert.equal(pathOf(page), '/login');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal((await page.textContent('h1')).trim(), t.fr.login_heading);
  assert.equal((await page.textContent('label[for="username"]')).trim(), t.fr.login_username);
  const response = await signIn(page, server.url, ana.username, 'wrong-password-here');
  assert.equal(response.status(), 401);
  assert.equal((await page.textContent('[role="alert"]')).trim(), t.fr.login_failed);
});

browserTest('signing out ends the session', async (page) => {
  await signIn(page, server.url, ana.username, ana.password);
  assert.ok(await page.$('.user-menu'));
  await signOut(page);
  assert.equal(pathOf(page), '/');
  assert.equal(await page.$('.user-menu'), null);
  assert.equal(await page.$('form[action="/logout"]'), null);
  assert.ok(await page.$('main a[href="/login"]'), 'the home page offers to sign in');
  await page.goto(`${server.url}/account/password`);
  assert.equal(pathOf(page), '/login', 'the account page needs signing in again');
});

browserTest('changing the password through the form, then signing in with the new one', async (page) => {
  const newPassword = 'piet-new-password-2';
  await signIn(page, server.url, piet.username, piet.password);
  await Promise.all([page.waitForNavigation(), page.click('main a[href="/account/password"]')]);
  assert.equal(pathOf(page), '/account/password');
  assert.match(await page.textContent('#new_password-hint'), /12/);

  // Mistakes first: each shows under its field, tied to it for screen readers.
  await page.fill('#current_password', 'not-the-password');
  await page.fill('#new_password', newPassword);
  await page.fill('#confirm_password', `${newPassword}x`);
  let response = await submit(page, 'form[action="/account/password"] button[type="submit"]');
  assert.equal(response.status(), 422);
  assert.equal(await page.getAttribute('#current_password', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#current_password', 'aria-describedby'), 'current_password-error');
  assert.equal((await page.textContent('#current_password-error')).trim(), t.en.password_current_wrong);
  assert.equal(await page.getAttribute('#confirm_password', 'aria-invalid'), 'true');
  assert.equal((await page.textContent('#confirm_password-error')).trim(), t.en.password_mismatch);
  assert.equal(await page.getAttribute('#new_password', 'aria-invalid'), null);

  await page.fill('#current_password', piet.password);
  await page.fill('#new_password', newPassword);
  await page.fill('#confirm_password', newPassword);
  response = await submit(page, 'form[action="/account/password"] button[type="submit"]');
  assert.equal(response.status(), 200);
  assert.equal((await page.textContent('[role="status"]')).trim(), t.en.password_saved);
  assert.equal(await page.$('[aria-invalid="true"]'), null);

  await signOut(page);
  response = await signIn(page, server.url, piet.username, piet.password);
  assert.equal(response.status(), 401, 'the old password no longer works');
  assert.equal(pathOf(page), '/login');
  response = await signIn(page, server.url, piet.username, newPassword);
  assert.equal(response.status(), 200);
  assert.equal(pathOf(page), '/');
  assert.match(await page.textContent('h1'), /Piet Van den Broeck/);
  assert.match(await page.textContent('main'), new RegExp(t.en.role_coach));
});

browserTest('the skip link comes first and leads to the main content', async (page) => {
  await page.goto(`${server.url}/`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    cls: document.activeElement.className,
    top: document.activeElement.getBoundingClientRect().top,
    text: document.activeElement.textContent.trim(),
  }));
  assert.equal(focused.cls, 'skip-link');
  assert.equal(focused.text, t.en.skip_link);
  assert.ok(focused.top >= 0, 'the focused skip link is on screen');
  await page.keyboard.press('Enter');
  // Following the in-page link is asynchronous: wait for it rather than race it.
  await page.waitForURL(/#main$/);
  assert.equal(new URL(page.url()).hash, '#main');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
});

browserTest('the style sheet and the favicon are served', async (page) => {
  for (const asset of ['/static/css/ploeg.css', '/static/favicon.svg']) {
    const response = await page.goto(`${server.url}${asset}`);
    assert.equal(response.status(), 200, asset);
  }
});

// The team pages in the order of the team-of-teams table; the first one whose
// page offers the vision form is the co-worker's own team.
async function teamLinks(page) {
  await page.goto(`${server.url}/teams`);
  return page.$$eval('.teams__table tbody th a', (links) => links.map((a) => a.getAttribute('href')));
}

async function ownAndOtherTeam(page) {
  let own;
  let other;
  for (const href of await teamLinks(page)) {
    await page.goto(`${server.url}${href}`);
    const editable = (await page.$('form[action$="/vision"]')) !== null;
    if (editable && !own) own = href;
    if (!editable && !other) other = href;
    if (own && other) break;
  }
  assert.ok(own && other, `own team ${own}, another team ${other}`);
  return { own, other };
}

browserTest('searching the directory for an expertise leads to a person who has it', async (page) => {
  await signIn(page, server.url, coworker.username, coworker.password);
  await page.click('.site-nav a[href="/people"]');
  await page.waitForURL(/\/people$/);
  await page.fill('#people-q', 'autism');
  await submit(page, 'form[action="/people"] button[type="submit"]');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'autism');
  assert.match(await page.textContent('.directory__count'), /autism/);
  const first = page.locator('.directory__table tbody th a').first();
  const name = (await first.textContent()).trim();
  assert.match(await page.locator('.directory__table tbody tr').first().textContent(), /autism/);
  await Promise.all([page.waitForNavigation(), first.click()]);
  assert.match(pathOf(page), /^\/people\/\d+$/);
  assert.equal((await page.textContent('h1')).trim(), name);
  assert.ok((await page.$$eval('.tag-list .tag', (tags) => tags.map((tag) => tag.textContent.trim())))
    .some((tag) => tag.includes('autism')), 'the person page lists the expertise');
  // Their teams lead to the team pages.
  const team = page.locator('#person-teams + ul a').first();
  const teamName = (await team.textContent()).trim();
  await Promise.all([page.waitForNavigation(), team.click()]);
  assert.match(pathOf(page), /^\/teams\/[^/]+$/);
  assert.equal((await page.textContent('h1')).trim(), teamName);
});

browserTest('a member edits their team\'s vision and sees it saved', async (page) => {
  await signIn(page, server.url, coworker.username, coworker.password);
  const { own } = await ownAndOtherTeam(page);
  await page.goto(`${server.url}${own}`);
  await page.click('.team__edit > summary');
  const vision = `We answer every citizen within ten days, ${Date.now()}.`;
  await page.fill('#team-vision-input', vision);
  await page.fill('#team-values-input', 'Trust <b>first</b>\nAsk for advice');
  const response = await submit(page, 'form[action$="/vision"] button[type="submit"]');
  assert.equal(response.status(), 200);
  assert.equal(pathOf(page), own);
  assert.equal(new URL(page.url()).searchParams.get('saved'), 'vision');
  assert.equal((await page.textContent('main [role="status"]')).trim(), t.en.team_saved_vision);
  const texts = await page.$$eval('.team__text', (ps) => ps.map((p) => p.textContent));
  assert.deepEqual(texts, [vision, 'Trust <b>first</b>\nAsk for advice']);
  assert.equal(await page.$('.team__text b'), null, 'the markup is shown as text');
});

browserTest('a member takes a role and is its holder on the team page and on /roles', async (page) => {
  await signIn(page, server.url, coworker.username, coworker.password);
  const { own } = await ownAndOtherTeam(page);
  await page.goto(`${server.url}${own}`);
  const teamName = (await page.textContent('h1')).trim();
  const role = page.locator('.team-role', { has: page.locator(`button:text-is("${t.en.team_role_take}")`) }).first();
  const roleId = await role.getAttribute('id');
  const roleName = (await role.locator('h3').textContent()).trim();
  const email = await role.locator('input[name="holder"][type="hidden"]').getAttribute('value');
  await submit(page, `#${roleId} button:text-is("${t.en.team_role_take}")`);
  assert.equal(new URL(page.url()).searchParams.get('saved'), 'role');
  assert.equal((await page.textContent('main [role="status"]')).trim(), t.en.team_saved_role);
  const holder = page.locator(`#${roleId} .team-role__holder a`);
  const holderName = (await holder.textContent()).trim();
  assert.equal(await page.$(`#${roleId} button:text-is("${t.en.team_role_take}")`), null,
    'the holder is not offered the role again');
  await Promise.all([page.waitForNavigation(), holder.click()]);
  assert.equal((await page.textContent('.person__card a[href^="mailto:"]')).trim(), email);
  assert.ok((await page.textContent('#person-roles + ul')).includes(roleName));

  await page.click('.site-nav a[href="/roles"]');
  await page.waitForURL(/\/roles$/);
  const row = page.locator(`#${roleId} tbody tr`, { has: page.locator(`th a:text-is("${teamName}")`) });
  assert.equal((await row.locator('td a').textContent()).trim(), holderName);
});

browserTest('another team\'s page offers no forms, and a forged post to it is refused', async (page) => {
  await signIn(page, server.url, coworker.username, coworker.password);
  const { other } = await ownAndOtherTeam(page);
  await page.goto(`${server.url}${other}`);
  const before = await page.textContent('#team-vision + *');
  assert.equal(await page.$('main form'), null);
  assert.equal(await page.$(`main button:text-is("${t.en.team_role_take}")`), null);
  // A form made by hand, with a valid token, as a forger would.
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate((action) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      for (const [name, value] of [['_csrf', document.querySelector('input[name="_csrf"]').value],
        ['vision', 'forged vision'], ['values', '']]) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }, `${other}/vision`),
  ]);
  assert.equal(response.status(), 403);
  assert.match(await page.textContent('main'), new RegExp(t.en.team_refused));
  await page.goto(`${server.url}${other}`);
  assert.equal(await page.textContent('#team-vision + *'), before, 'nothing changed');
});

// Keep this test last: it slows sign-in down for ana from 127.0.0.1 on this
// server. Two failures in a row are free; the next attempt waits a few
// seconds (then longer, then 15 minutes), and says how long in its alert.
browserTest('after repeated wrong passwords, sign-in is refused for a while', async (page) => {
  let response;
  let failures = 0;
  for (;;) {
    response = await signIn(page, server.url, ana.username, `wrong-password-${failures}`);
    if (response.status() === 429) break;
    assert.equal(response.status(), 401);
    failures += 1;
    assert.ok(failures <= 5, 'failures in a row slow signing in down');
  }
  assert.ok(failures >= 2, 'two typing mistakes cost nothing');
  response = await signIn(page, server.url, ana.username, ana.password);
  assert.equal(response.status(), 429, 'the right password is refused too while it waits');
  assert.equal(pathOf(page), '/login');
  const retry = Number(response.headers()['retry-after']);
  assert.ok(retry >= 1 && retry <= 15 * 60, `Retry-After: ${retry}`);
  const alert = (await page.textContent('[role="alert"]')).trim();
  if (retry < 60) {
    assert.equal(alert, fill(t.en.login_wait, { seconds: retry }));
  } else {
    assert.equal(alert, fill(t.en.login_throttled, { minutes: Math.ceil(retry / 60) }));
  }
});
