// A team choice round in Chromium: the coach opens it, the co-worker chooses
// teams and a colleague, the board refreshes itself as others choose, the
// coach runs the optimiser (in the background, the page follows its
// progress), publishes and accepts; the co-worker sees their team and why. Then axe-core on every page of the round, wide and narrow,
// in English, Dutch and French.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fill, inContext, plural, languages, launchBrowser, openPage, pageProblems, signIn, signOut, startServer,
  submit, switchLanguage, t,
} from './harness.mjs';

let server;
let browser;
const round = { path: '', id: 0, open: '' };

before(async () => {
  server = await startServer([], { demoPeople: 300 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const pathOf = (page) => new URL(page.url()).pathname;
const en = t.en;


const signInAs = (page, who) => signIn(page, server.url, who, server.password(who));

test('a round goes from opening through choices and the live board to new memberships', async () => {
  const region = server.sql(`SELECT g.code FROM teams t JOIN regions g ON g.id = t.region_id
    WHERE t.kind = 'regional' ORDER BY t.code LIMIT 1`);
  await inContext(browser, async (page) => {
    await signInAs(page, 'coach');
    await page.goto(`${server.url}/rounds`);
    await page.fill('#round-title', 'Autumn round');
    await page.selectOption('#round-region', region);
    await submit(page, 'form[action="/rounds"] button[type="submit"]');
    assert.match(pathOf(page), /^\/rounds\/\d+$/);
    round.path = pathOf(page);
    round.id = Number(round.path.split('/').pop());
    assert.equal((await page.textContent('[role="status"]')).trim(), en.rounds_done_opened);
  });

  const people = Number(server.sql(`SELECT count(*) FROM team_round_people WHERE round_id = ${round.id}`));
  const teams = server.sql(`SELECT t.id || '|' || t.name FROM team_round_teams rt JOIN teams t
    ON t.id = rt.team_id WHERE rt.round_id = ${round.id} ORDER BY t.code`).split('\n').map((l) => l.split('|'));
  assert.ok(teams.length >= 2);

  await inContext(browser, async (page) => {
    await signInAs(page, 'coworker');
    await page.goto(`${server.url}${round.path}`);
    await page.selectOption('#choice-first', teams[1][0]);
    await page.selectOption('#choice-second', teams[0][0]);
    await page.check('.round__people input[type="checkbox"] >> nth=0');
    await submit(page, 'form.round__choice button[type="submit"]');
    assert.equal((await page.textContent('[role="status"]')).trim(), en.rounds_done_chosen);
    assert.equal(await page.inputValue('#choice-first'), teams[1][0]);
    assert.equal(await page.locator('.round__people input:checked').count(), 1);

    // The board alone, live: others choose and it follows without a reload.
    await page.goto(`${server.url}${round.path}/board`);
    const chosen = page.locator('.board__chosen');
    assert.equal((await chosen.textContent()).trim(), fill(plural(en.rounds_board_chosen, 1), { chosen: 1, people }));
    server.sql(`INSERT INTO team_round_choices (round_id, person_id, preference, team_id)
      SELECT round_id, person_id, 1, current_team_id FROM team_round_people WHERE round_id = ${round.id}
      AND current_team_id IS NOT NULL AND person_id NOT IN (SELECT person_id FROM team_round_chosen
      WHERE round_id = ${round.id});
      INSERT INTO team_round_chosen (round_id, person_id, chosen_at) SELECT round_id, person_id, 0
      FROM team_round_people WHERE round_id = ${round.id} AND current_team_id IS NOT NULL
      AND person_id NOT IN (SELECT person_id FROM team_round_chosen WHERE round_id = ${round.id});`);
    const all = Number(server.sql(`SELECT count(*) FROM team_round_chosen WHERE round_id = ${round.id}`));
    assert.ok(all > 1);
    await page.waitForFunction(
      (text) => document.querySelector('.board__chosen').textContent.trim() === text,
      fill(plural(en.rounds_board_chosen, all), { chosen: all, people }), { timeout: 15_000 });
    assert.equal(await page.locator('.board__team').count(), teams.length);
  });

  await inContext(browser, async (page) => {
    await signInAs(page, 'coach');
    await page.goto(`${server.url}${round.path}`);
    await submit(page, `form[action="${round.path}/optimise"] button`);
    // The optimiser runs in the background; the page follows it and then
    // shows the proposal.
    assert.match(page.url(), /done=started/);
    await page.waitForSelector('.round__figures', { timeout: 120_000 });
    assert.equal((await page.textContent('[role="status"]')).trim(), en.rounds_done_optimised);
    assert.ok(await page.isVisible('.round__figures'), 'the proposal is feasible and shown');
    await submit(page, `form[action="${round.path}/publish"] button`);
    assert.equal((await page.textContent('[role="status"]')).trim(), en.rounds_done_published);
  });

  const proposed = server.sql(`SELECT t.name FROM team_round_proposal p JOIN teams t ON t.id = p.team_id
    JOIN account_people a ON a.person_id = p.person_id JOIN users u ON u.id = a.user_id
    WHERE p.round_id = ${round.id} AND u.username = 'coworker'`);
  await inContext(browser, async (page) => {
    await signInAs(page, 'coworker');
    await page.goto(`${server.url}${round.path}`);
    assert.equal((await page.textContent('.round__outcome-team')).trim(), proposed);
    assert.equal(await page.locator('form.round__choice').count(), 0);
  });

  await inContext(browser, async (page) => {
    await signInAs(page, 'coach');
    await page.goto(`${server.url}${round.path}`);
    await submit(page, `form[action="${round.path}/accept"] button`);
    const changed = server.sql(`SELECT accepted_changes FROM team_rounds WHERE id = ${round.id}`);
    assert.equal((await page.textContent('[role="status"]')).trim(), fill(plural(en.rounds_done_accepted, changed), { count: changed }));
    // A second round, left open, so that the choice form is among the pages axe checks.
    await page.goto(`${server.url}/rounds`);
    await page.fill('#round-title', 'Second round');
    await page.selectOption('#round-region', region);
    await submit(page, 'form[action="/rounds"] button[type="submit"]');
    round.open = pathOf(page);
  });
  assert.equal(server.sql(`SELECT t.name FROM memberships m JOIN teams t ON t.id = m.team_id
    JOIN team_round_teams rt ON rt.team_id = t.id AND rt.round_id = ${round.id}
    JOIN account_people a ON a.person_id = m.person_id JOIN users u ON u.id = a.user_id
    WHERE u.username = 'coworker'`), proposed);
});

// Every page of the rounds, as the coach and as the co-worker.
async function walkRounds(page, lang, check) {
  const visit = async (name, target) => {
    // A round page that follows a running optimiser loads its result by itself
    // when the run ends (teamchoice.js); a goto that this cuts short is tried again.
    let response;
    for (let attempt = 0; !response && attempt < 2; ++attempt) {
      try {
        response = await page.goto(`${server.url}${target}`);
      } catch (e) {
        if (attempt > 0 || !String(e.message).includes('ERR_ABORTED')) throw e;
      }
    }
    assert.equal(response.status(), 200, `${name}: status ${response.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await check(`${lang} ${name}`);
  };
  await page.goto(`${server.url}/`);
  await switchLanguage(page, lang);
  await signInAs(page, 'coach');
  await visit('rounds (coach)', '/rounds');
  await visit('accepted round (coach)', round.path);
  await visit('open round (coach)', round.open);
  // The same while the optimiser runs (a run another server is doing).
  const openId = Number(round.open.split('/').pop());
  server.sql(`INSERT INTO team_round_runs (round_id, status, progress_permille, message, started_by,
    started_at, updated_at) VALUES (${openId}, 'running', 420, 'improving', 'user:test',
    CAST(strftime('%s', 'now') AS INTEGER), CAST(strftime('%s', 'now') AS INTEGER))`);
  await visit('open round, optimiser running (coach)', round.open);
  assert.equal(await page.locator(`form[action="${round.open}/optimise"]`).count(), 0);
  if (lang === 'en') {
    assert.equal((await page.textContent('.round__run-text')).trim(),
      fill(en.rounds_run_progress, { percent: 42, message: en.rounds_run_phase_improving }));
  }
  server.sql(`DELETE FROM team_round_runs WHERE round_id = ${openId}`);
  await visit('board', `${round.open}/board`);
  await signOut(page);
  await signInAs(page, 'coworker');
  await visit('open round (co-worker)', round.open);
  await visit('accepted round (co-worker)', round.path);
}

for (const lang of languages) {
  test(`axe finds no violation on the round pages in ${lang}, at 1280 and 390 px`, async () => {
    assert.ok(round.open, 'the first test ran a round and opened another');
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    const checked = [];
    try {
      await walkRounds(page, lang, async (name) => {
        checked.push(name);
        found.push(...(await pageProblems(page, name, [1280, 390])));
      });
    } finally {
      await context.close();
    }
    assert.equal(checked.length, 7);
    assert.equal(found.length, 0, `problems:\n${found.join('\n')}`);
  });
}
