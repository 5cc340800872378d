// "How many people do we need?" in Chromium: a co-worker picks a team, sees
// its demand and the answer per competence, makes a role's work heavier and
// sees it named as short and needing more people, types a wrong number and
// is told what to type; then axe-core on the page, wide and narrow, in
// English, Dutch and French.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fill, inContext, languages, launchBrowser, openPage, pageProblems, signIn, startServer, submit,
  switchLanguage, t,
} from './harness.mjs';

let server;
let browser;
const en = t.en;

before(async () => {
  server = await startServer([], { demoPeople: 300 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The answer's row for a competence: [today, needed, difference, load today, ...].
async function roleRow(page, name) {
  const row = page.locator('.staffing__roles tbody tr', { has: page.locator(`th:text-is("${name}")`) });
  return (await row.locator('td').allTextContents()).map((s) => s.trim());
}

// Waits until the page shows the answer: computed by a background job, it
// appears when the page's script opens the page again.
const answered = (page) => page.locator('.staffing__computed').waitFor({ timeout: 60000 });

const busiestTeam = () => server.sql(`SELECT t.code FROM requests r JOIN teams t ON t.id = r.team_id
  GROUP BY t.code ORDER BY count(*) DESC, t.code LIMIT 1`);

test('a co-worker plans a team, makes social work heavier and corrects a wrong number', async () => {
  const team = busiestTeam();
  const socialWork = server.sql("SELECT name FROM competences WHERE code = 'social_work'");
  const competences = Number(server.sql(
    'SELECT count(DISTINCT competence_id) FROM process_steps'));
  await inContext(browser, async (page) => {
    await signIn(page, server.url, 'coworker', server.password('coworker'));
    await page.click(`nav a[href="/staffing"]`);
    await page.selectOption('#staffing-team', team);
    await submit(page, 'form:has(#staffing-team) button[type="submit"]');
    // A background job computes the answer; the page follows it and opens again (jobs.js).
    await answered(page);
    // The default target (30 days, the parking card's) is out of reach once the
    // steps' waits are modelled; the allowances' 90 days is not.
    await page.fill('#staffing-target_days', '90');
    await submit(page, '.staffing__form button[type="submit"]');
    await answered(page);
    assert.equal(await page.locator('.staffing__roles tbody tr').count(), competences);
    const plan = await page.textContent('.staffing__plan');
    assert.match(plan, /needs \d+ people/);
    const before = await roleRow(page, socialWork);
    assert.equal(await page.locator('.chart__svg').count(), 2);

    // Ten times the hours of social work: the team is short there today.
    await page.fill('#staffing-hours_social_work', '40');
    await submit(page, '.staffing__form button[type="submit"]');
    await answered(page);
    assert.equal(await page.inputValue('#staffing-hours_social_work'), '40');  // as typed
    const after = await roleRow(page, socialWork);
    assert.ok(Number(after[1]) > Number(before[1]), `needed ${before[1]} -> ${after[1]}`);
    assert.ok(await page.locator('.alert--error li', { hasText: socialWork }).count() === 1,
      'social work is named as overloaded today');
    assert.ok(await page.locator('.staffing__short').count() >= 1);

    // A wrong number: told what to type, the form keeps it, no answer.
    await page.fill('#staffing-target_days', 'two weeks');
    const response = await submit(page, '.staffing__form button[type="submit"]');
    assert.equal(response.status(), 422);
    assert.equal(await page.getAttribute('#staffing-target_days', 'aria-invalid'), 'true');
    assert.equal((await page.textContent('#staffing-target_days-error')).trim(),
      fill(en.staffing_error_range, { value: 'two weeks', low: 1, high: 730 }));
    assert.equal(await page.inputValue('#staffing-target_days'), 'two weeks');
    assert.equal(await page.locator('.staffing__roles').count(), 0);
  });
});

for (const lang of languages) {
  test(`axe finds no violation on the staffing page in ${lang}, at 1280 and 390 px`, async () => {
    const team = busiestTeam();
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    try {
      await signIn(page, server.url, 'coworker', server.password('coworker'));
      await switchLanguage(page, lang);
      await page.goto(`${server.url}/staffing`);
      found.push(...(await pageProblems(page, `${lang} staffing (choose)`, [1280, 390])));
      await page.goto(`${server.url}/staffing?team=${team}&hours_social_work=40`);
      assert.equal((await page.textContent('h1')).trim(), t[lang].staffing_heading);
      await answered(page);
      found.push(...(await pageProblems(page, `${lang} staffing (answer)`, [1280, 390])));
      await page.goto(`${server.url}/staffing?team=${team}&availability=5`);
      found.push(...(await pageProblems(page, `${lang} staffing (error)`, [1280, 390])));
    } finally {
      await context.close();
    }
    assert.equal(found.length, 0, `problems:\n${found.join('\n')}`);
  });
}
