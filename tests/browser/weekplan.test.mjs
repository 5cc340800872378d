// The team's week in Chromium: a co-worker opens it from the team's page,
// fills in their row and sees a rule unmet at once (before saving), asks for
// a proposal, accepts it, sees the appointments taken and the desks of the
// office days, picks a desk of their own and subscribes to the calendar link; then axe-core on the page, wide and narrow, in English,
// Dutch and French. A refused form (an appointment on a past day, too many
// home days) comes back as the week page with what was entered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fill, inContext, plural, languages, launchBrowser, openPage, pageProblems, signIn, startServer, submit,
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

// Monday of next week, so that every office day can get a desk; today is
// the organisation's (Brussels), as the server counts it.
function nextMonday() {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
  const day = Math.floor(Date.parse(today) / 86400000);
  const monday = day - ((day + 3) % 7) + 7;
  return new Date(monday * 86400000).toISOString().slice(0, 10);
}

// Saturday of last week: what the week page shows on a weekend is the week
// ending, its days all past, like this one whatever day the tests run.
function lastSaturday() {
  const day = Math.floor(Date.now() / 86400000);
  const monday = day - ((day + 3) % 7) - 7;
  return new Date((monday + 5) * 86400000).toISOString().slice(0, 10);
}

const teamOfCoworker = () => server.sql(`SELECT t.code FROM account_people a JOIN users u ON u.id = a.user_id
  JOIN memberships m ON m.person_id = a.person_id JOIN teams t ON t.id = m.team_id
  WHERE u.username = 'coworker' AND t.kind = 'regional' LIMIT 1`);

test('a co-worker fills in their row, the team accepts a proposal, desks and calendar follow', async () => {
  const team = teamOfCoworker();
  const start = nextMonday();
  await inContext(browser, async (page) => {
    await signIn(page, server.url, 'coworker', server.password('coworker'));
    await page.goto(`${server.url}/teams/${team}`);
    await page.click(`a[href="/teams/${team}/week"]`);
    assert.match(new URL(page.url()).pathname, /\/week$/);
    await page.goto(`${server.url}/teams/${team}/week?start=${start}`);
    // Everyone's row is empty (counts as the office): the coverage rules hold; only the demo's
    // appointments of the week are not taken by anyone yet.
    const rules = page.locator('.week__rules');
    const untaken = plural(en.week_appointment_why_untaken, 2).split(';')[0];
    for (const line of await rules.locator('li').allTextContents()) {
      assert.ok(line.includes(untaken), `only untaken appointments are unmet: ${line}`);
    }
    assert.ok(await page.locator('.week__appointments tbody tr').count() > 0, 'the demo has appointments');
    // Four home days in the form: the box says so before anything is saved.
    for (const d of [0, 1, 2, 3]) await page.selectOption(`select[name="day_${d}"]`, 'home');
    const tooMany = plural(en.week_unmet_home_days, 4).replace('{name}', '').replace('{count}', '4').replace('{max}', '3');
    await rules.locator('li', { hasText: tooMany.slice(2) }).waitFor();
    assert.equal(Number(server.sql(`SELECT COUNT(*) FROM week_entries WHERE day >= CAST(julianday('${start}') - 2440587.5 AS INTEGER)`)), 0,
      'the check saved nothing');
    await page.selectOption('select[name="day_1"]', 'off');
    await page.selectOption('select[name="day_2"]', '');
    await page.selectOption('select[name="day_3"]', '');
    await rules.locator('li', { hasText: tooMany.slice(2) }).waitFor({ state: 'detached' });
    await page.selectOption('select[name="day_4"]', 'home');
    await submit(page, 'button[form="week-mine"]');
    assert.equal((await page.textContent('[role="status"].alert--success')).trim(), en.week_done_saved);
    assert.equal(await page.inputValue('select[name="day_1"]'), 'off');

    // The proposal is made by a background job: the page follows it and opens
    // again when it is ready (jobs.js).
    await submit(page, 'form[action$="/week/propose"] button');
    await page.locator('.alert--success[role="status"]', { hasText: en.week_done_proposed })
      .waitFor({ timeout: 30000 });
    assert.ok(await page.locator('.week__proposal').count() > 0);
    await submit(page, 'form[action$="/week/accept"] button');
    assert.equal((await page.textContent('.alert--success[role="status"]')).trim(), en.week_done_accepted);
    const desks = await page.locator('.week__plan', { hasText: `${en.week_desk} ` }).count();
    const offices = Number(server.sql(`SELECT COUNT(*) FROM week_plans p JOIN teams t ON t.id = p.team_id
      WHERE t.code = '${team}' AND p.place = 'office' AND p.day >= CAST(julianday('${start}') - 2440587.5 AS INTEGER)`));
    assert.ok(offices > 0);
    assert.equal(desks, offices, 'every office day of the plan shows its desk');
    // Every appointment is taken by someone now; the office ones have a room.
    for (const row of await page.locator('.week__appointments tbody tr').all()) {
      assert.notEqual(await row.locator('select[name="person"]').inputValue(), '0');
      const label = await row.locator('th').textContent();
      if (label.includes(en.week_where_office)) assert.notEqual((await row.locator('td').nth(4).textContent()).trim(), '–');
    }
    // A desk of one's own choosing for the first office day.
    const pick = page.locator('.week__own form.week__desk-form').first();
    assert.ok(await pick.count() > 0, 'an office day of the plan offers the free desks');
    {
      const desk = await pick.locator('select[name="desk"] option').first().getAttribute('value');
      await pick.locator('select[name="desk"]').selectOption(desk);
      await submit(page, '.week__own form.week__desk-form button');
      assert.equal((await page.textContent('.alert--success[role="status"]')).trim(), en.week_done_desk_taken);
      const code = server.sql(`SELECT code FROM desks WHERE id = ${Number(desk)}`);
      assert.equal(await page.locator('.week__own .week__plan', { hasText: new RegExp(`${en.week_desk} ${code}$`) }).count(), 1);
    }

    await submit(page, 'form[action$="/week/calendar"] button');
    const link = await page.inputValue('#week-feed');
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]+\.ics$/);
    const feed = await page.request.get(link);
    assert.equal(feed.status(), 200);
    const text = await feed.text();
    assert.ok(text.startsWith('BEGIN:VCALENDAR\r\n'));
    assert.ok(text.includes('SUMMARY:Day off\r\n'), 'the day off entered on Tuesday');

    // The citizen of the first appointment asks for Friday afternoon: it moves, keeps its member
    // and, at the office, gets a room again.
    const first = page.locator('.week__appointments tbody tr').first();
    const given = await first.locator('select[name="person"]').inputValue();
    await first.locator('.week__move summary').click();
    const friday = new Date(Date.parse(start) + 4 * 86400000).toISOString().slice(0, 10);
    await first.locator('input[name="date"]').fill(friday);
    await first.locator('input[name="time"]').fill('15:00');
    await first.locator('select[name="where"]').selectOption('office');
    await submit(page, '.week__appointments tbody tr:first-child .week__move-form button');
    assert.equal((await page.textContent('.alert--success[role="status"]')).trim(), en.week_done_appointment_moved);
    const moved = page.locator('.week__appointments tbody tr', { hasText: `${en.week_day_4} 15:00` });
    assert.equal(await moved.count(), 1);
    assert.equal(await moved.locator('select[name="person"]').inputValue(), given);
    assert.notEqual((await moved.locator('td').nth(4).textContent()).trim(), '–', 'a room on Friday afternoon');
  });
});

for (const lang of languages) {
  test(`axe finds no violation on the week page in ${lang}, at 1280 and 390 px`, async () => {
    const team = teamOfCoworker();
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    try {
      await signIn(page, server.url, 'coworker', server.password('coworker'));
      await switchLanguage(page, lang);
      await page.goto(`${server.url}/teams/${team}/week?start=${nextMonday()}`);
      assert.equal((await page.textContent('h1')).trim().startsWith(t[lang].week_heading), true);
      await page.locator('.week__move summary').first().click();  // its form is checked too
      found.push(...(await pageProblems(page, `${lang} week`, [1280, 390])));
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.click(`a[href="/teams/${team}/week/rules"]`);
      assert.ok((await page.textContent('h1')).trim().startsWith(t[lang].week_rules_heading));
      found.push(...(await pageProblems(page, `${lang} rules`, [1280, 390])));
    } finally {
      await context.close();
    }
    assert.equal(found.length, 0, `problems:\n${found.join('\n')}`);
  });
}

test('an administrator changes the policy from the week page; axe finds nothing on its form', async () => {
  const team = teamOfCoworker();
  const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
  const found = [];
  try {
    await signIn(page, server.url, 'admin', server.password('admin'));
    await page.goto(`${server.url}/teams/${team}/week?start=${nextMonday()}`);
    await page.click('a[href="/admin/workplace"]');
    assert.equal((await page.textContent('h1')).trim(), en.policy_heading);
    found.push(...(await pageProblems(page, 'policy', [1280, 390])));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.fill('#policy-home', '2');
    await submit(page, 'form[action="/admin/workplace"] button');
    assert.equal((await page.textContent('.alert--success')).trim(), en.policy_saved);
    assert.equal(await page.inputValue('#policy-home'), '2');
    await page.goto(`${server.url}/teams/${team}/week?start=${nextMonday()}`);
    assert.match(await page.textContent('.lead'), new RegExp(`${en.week_policy} 2`));
    await page.goto(`${server.url}/admin/workplace`);
    await page.fill('#policy-home', '3');
    await submit(page, 'form[action="/admin/workplace"] button');
  } finally {
    await context.close();
  }
  assert.equal(found.length, 0, `problems:\n${found.join('\n')}`);
});

for (const lang of languages) {
  test(`a refused form comes back as the week page with what was entered, in ${lang}; axe finds nothing on it`, async () => {
    const team = teamOfCoworker();
    const words = t[lang];
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    try {
      await signIn(page, server.url, 'coworker', server.password('coworker'));
      await switchLanguage(page, lang);
      const appointments = server.sql('SELECT COUNT(*) FROM week_appointments');
      // An appointment on the form's first day, as a new user leaves it, on a weekend.
      await page.goto(`${server.url}/teams/${team}/week?start=${lastSaturday()}`);
      await page.fill('#ap-time', '10:15');
      await page.fill('#ap-minutes', '45');
      await page.selectOption('#ap-where', 'video');
      let response = await submit(page, '.week__add-appointment button[type="submit"]');
      assert.equal(response.status(), 422);
      assert.ok((await page.textContent('h1')).trim().startsWith(words.week_heading), 'the week page, not the error page');
      assert.equal(await page.locator('.panel--error').count(), 0);
      assert.equal((await page.textContent('#ap-day-error')).trim(), words.week_appointment_past);
      assert.equal(await page.getAttribute('#ap-day', 'aria-describedby'), 'ap-day-error');
      assert.equal(await page.inputValue('#ap-time'), '10:15');
      assert.equal(await page.inputValue('#ap-minutes'), '45');
      assert.equal(await page.inputValue('#ap-where'), 'video');
      assert.equal(await page.getAttribute('[role="alert"] a', 'href'), '#appointment-add-heading');
      assert.equal(server.sql('SELECT COUNT(*) FROM week_appointments'), appointments, 'nothing saved');
      found.push(...(await pageProblems(page, `${lang} week, an appointment refused`, [1280, 390])));

      // One home day more than the policy allows, in one's own row.
      const allowed = Number(server.sql('SELECT max_home_days FROM workplace_policy WHERE id = 1'));
      const entries = server.sql('SELECT COUNT(*) || \',\' || COALESCE(SUM(place = \'home\'), 0) FROM week_entries');
      await page.goto(`${server.url}/teams/${team}/week?start=${nextMonday()}`);
      for (let d = 0; d < 5; d++) await page.selectOption(`select[name="day_${d}"]`, d <= allowed ? 'home' : 'office');
      response = await submit(page, 'button[form="week-mine"]');
      assert.equal(response.status(), 422);
      assert.ok((await page.textContent('h1')).trim().startsWith(words.week_heading));
      assert.equal((await page.textContent('.week__own #week-mine-error')).trim(),
        fill(words.week_too_many_home_days, { max: allowed }));
      for (let d = 0; d < 5; d++) {
        const choice = `select[name="day_${d}"]`;
        assert.equal(await page.inputValue(choice), d <= allowed ? 'home' : 'office', 'the row as entered');
        assert.equal(await page.getAttribute(choice, 'aria-invalid'), 'true');
      }
      assert.equal(server.sql('SELECT COUNT(*) || \',\' || COALESCE(SUM(place = \'home\'), 0) FROM week_entries'), entries,
        'nothing saved');
      found.push(...(await pageProblems(page, `${lang} week, a row refused`, [1280, 390])));
    } finally {
      await context.close();
    }
    assert.equal(found.length, 0, `problems:\n${found.join('\n')}`);
  });
}
