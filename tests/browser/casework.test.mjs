// A citizen's request from A to Z in Chromium: filed on the public form,
// pulled step by step from the team's queue by the co-workers who hold each
// step's competence, decided with a motivation, rated by the citizen, counted
// in the team's figures; refused (and audited) for another team's member.
// Then axe-core on every casework page in English, Dutch and French.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  inContext, languages, launchBrowser, openPage, pageProblems, signIn, startServer, submit,
  switchLanguage, t,
} from './harness.mjs';

let server;
let browser;
const password = 'casework-test-password-1';
// Filled in by the first test, used by the accessibility walk.
const filed = { reference: '', status: '', team: '', users: {} };

before(async () => {
  server = await startServer([], { demoPeople: 300, mail: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const pathOf = (page) => new URL(page.url()).pathname;
const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;

// An account for a member of `team` who holds `competence` (one who holds
// none of `avoid`, when there is one).
function accountFor(team, competence, username) {
  const email = server.sql(`SELECT p.email FROM memberships m JOIN people p ON p.id = m.person_id
    JOIN teams t ON t.id = m.team_id JOIN person_competences pc ON pc.person_id = p.id
    JOIN competences k ON k.id = pc.competence_id
    WHERE t.code = ${quote(team)} AND k.code = ${quote(competence)} ORDER BY p.email LIMIT 1`);
  assert.ok(email, `team ${team} has a member holding ${competence}`);
  server.ploeg(['user', 'add', username, '--role', 'coworker', '--display-name', username,
    '--password-stdin'], `${password}\n`);
  server.ploeg(['user', 'link', username, email]);
  return username;
}


// The text of the PDF attached to the decision mail to `recipient` about
// `reference`, once it has arrived at the test's SMTP server.
async function decisionLetter(recipient, reference) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mail = server.mails().find((m) => m.rcpt_tos.includes(recipient) &&
      m.subject.includes(reference) && m.attachments.length > 0);
    if (mail) {
      assert.equal(mail.attachments[0].filename, `${reference}.pdf`);
      assert.equal(mail.attachments[0].content_type, 'application/pdf');
      return execFileSync('pdftotext', ['-enc', 'UTF-8', mail.attachments[0].path, '-'],
        { encoding: 'utf8' }).replace(/\s+/g, ' ');
    }
    assert.ok(Date.now() < deadline, `no decision mail with its letter for ${reference}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// A second member of the team, holding the decision competence at level 2
// or more, confirms the proposed decision.
async function confirmDecision() {
  const preparer = server.sql(`SELECT p.email FROM people p JOIN account_people a ON a.person_id = p.id
    JOIN users u ON u.id = a.user_id WHERE u.username = ${quote(filed.users.decision)}`);
  const email = server.sql(`SELECT p.email FROM memberships m JOIN people p ON p.id = m.person_id
    JOIN teams t ON t.id = m.team_id JOIN person_competences pc ON pc.person_id = p.id
    JOIN competences k ON k.id = pc.competence_id WHERE t.code = ${quote(filed.team)}
    AND k.code = 'decision' AND pc.level >= 2 AND p.email <> ${quote(preparer)} ORDER BY p.email LIMIT 1`);
  assert.ok(email, 'the team has a second member who may confirm');
  server.ploeg(['user', 'add', 'cw_confirm', '--role', 'coworker', '--display-name', 'cw_confirm',
    '--password-stdin'], `${password}\n`);
  server.ploeg(['user', 'link', 'cw_confirm', email]);
  await inContext(browser, async (page) => {
    await signIn(page, server.url, 'cw_confirm', password);
    await page.goto(`${server.url}/requests/${filed.reference}`);
    assert.match(await page.textContent('.case__amount'), /1,250\.40/);
    const confirmed = await submit(page, 'form[action$="/confirm"] button[type="submit"]');
    assert.equal(confirmed.status(), 200);
    assert.match(await page.textContent('main'), new RegExp(t.en.case_done_confirmed));
  });
}

function teamFigure(column) {
  return Number(server.sql(`SELECT coalesce(sum(f.${column}), 0) FROM figures f JOIN teams t
    ON t.id = f.scope_id WHERE f.scope = 'team' AND f.period = 'month' AND t.code = ${quote(filed.team)}`));
}

test('a request goes from the public form through every step to a rated decision', async () => {
  // The citizen files an income replacement request: every step of the process.
  await inContext(browser, async (page) => {
    await page.goto(`${server.url}/request`);
    await page.selectOption('#request-type', 'income_replacement');
    await page.fill('#request-postcode', '2000');
    await page.fill('#request-name', 'Lotte Verbruggen');
    await page.fill('#request-email', 'lotte@example.be');
    await page.fill('#request-description', 'After my accident I can no longer work full time.');
    await submit(page, 'form[action="/request"] button[type="submit"]');
    assert.match(pathOf(page), /^\/status\//);
    filed.status = pathOf(page);
    filed.reference = (await page.textContent('.status__reference')).trim();
  });
  filed.team = server.sql(`SELECT t.code FROM requests r JOIN teams t ON t.id = r.team_id
    WHERE r.reference = ${quote(filed.reference)}`);
  // 2000 is Antwerpen: the request went to a team of that region.
  assert.equal(server.sql(`SELECT r.code FROM teams t JOIN regions r ON r.id = t.region_id
    WHERE t.code = ${quote(filed.team)}`), 'antwerpen');
  const decidedBefore = teamFigure('decided');
  const ratingsBefore = teamFigure('ratings');

  const steps = server.sql(`SELECT s.code || ' ' || k.code FROM process_steps s
    JOIN request_types rt ON rt.id = s.request_type_id JOIN competences k ON k.id = s.competence_id
    WHERE rt.code = 'income_replacement' ORDER BY s.position`).split('\n').map((line) => line.split(' '));
  assert.equal(steps.length, 7);
  for (const [index, [step, competence]] of steps.entries()) {
    const username = filed.users[competence] ??= accountFor(filed.team, competence, `cw_${competence}`);
    await inContext(browser, async (page) => {
      await signIn(page, server.url, username, password);
      // The request waits in the team's queue; this co-worker pulls it.
      await page.goto(`${server.url}/casework`);
      assert.equal(pathOf(page), `/teams/${filed.team}/queue`);
      await submit(page, `tbody tr:has-text("${filed.reference}") button[type="submit"]`);
      await page.goto(`${server.url}/requests/${filed.reference}`);
      assert.match(await page.textContent('main'), new RegExp(t.en.case_current_heading));
      if (step === 'decision') {
        // Without a motivation first: the page says what to fix and keeps the outcome.
        await page.check('#case-decision-granted');
        await page.fill('#case-outcome', 'Decided in the team meeting.');
        await page.fill('#case-motivation', 'Too short');
        await page.$eval('form.case__complete', (form) => { form.noValidate = true; });
        const refused = await submit(page, 'form.case__complete button[type="submit"]');
        assert.equal(refused.status(), 422);
        assert.equal(await page.inputValue('#case-outcome'), 'Decided in the team meeting.');
        await page.fill('#case-motivation', 'The medical and social assessments show a lasting loss of earning capacity.');
        // Above 1,000 euro a month: four eyes (the demo's rule for this type).
        await page.fill('#case-amount', '1250.40');
      } else {
        await page.fill('#case-outcome', `${step}: done`);
      }
      const done = await submit(page, 'form.case__complete button[type="submit"]');
      assert.equal(done.status(), 200, `${step} completed`);
      if (step === 'decision') {
        // A proposal: the citizen hears nothing, and the preparer cannot confirm it.
        assert.match(await page.textContent('main'), new RegExp(t.en.review_own_hint));
        assert.equal(await page.locator('form[action$="/confirm"]').count(), 0);
        assert.equal(server.mails().filter((m) => m.subject.includes(t.en.mail_decision_taken_subject
          .replace('{reference}', filed.reference))).length, 0);
        await confirmDecision();
      }
      assert.equal(server.sql(`SELECT step_index FROM requests WHERE reference = ${quote(filed.reference)}`),
        String(index + 1));
    });
  }
  assert.equal(server.sql(`SELECT decision || ' ' || (finished_at IS NOT NULL) FROM requests
    WHERE reference = ${quote(filed.reference)}`), 'granted 1');
  assert.equal(teamFigure('decided'), decidedBefore + 1);

  // The decision's letter reaches the citizen's mailbox, as a PDF that says it.
  const letter = await decisionLetter('lotte@example.be', filed.reference);
  assert.match(letter, /lasting loss of earning capacity/);
  assert.match(letter, /Lotte Verbruggen/);
  assert.match(letter, /1,250\.40/);

  // The citizen reads the decision and rates it, once.
  await inContext(browser, async (page) => {
    await page.goto(`${server.url}${filed.status}`);
    assert.match(await page.textContent('main'), /lasting loss of earning capacity/);
    await page.check('#status-score-5');
    await page.fill('#status-comment', 'Clear and quick.');
    await submit(page, 'form[action$="/rating"] button[type="submit"]');
    assert.match(await page.textContent('main'), new RegExp(t.en.status_thanks_heading));
    assert.equal(await page.locator('#status-score-5').count(), 0);
  });
  assert.equal(teamFigure('ratings'), ratingsBefore + 1);

  // The team's figures page shows the decided requests the database counts.
  await inContext(browser, async (page) => {
    await signIn(page, server.url, filed.users.intake, password);
    const response = await page.goto(`${server.url}/figures/teams/${filed.team}`);
    assert.equal(response.status(), 200);
    assert.match(await page.textContent('main'), new RegExp(server.sql(`SELECT name FROM teams
      WHERE code = ${quote(filed.team)}`)));
  });
});

test('the citizen complains, a member of the team answers and the citizen reads the answer', async () => {
  assert.ok(filed.reference, 'the first test filed a request');
  const complain = async (page, text) => {
    await page.goto(`${server.url}${filed.status}`);
    await page.click('.status__complaint-form summary');
    await page.fill('#status-complaint-text', text);
    await submit(page, '.status__complaint-form button[type="submit"]');
    assert.match(await page.textContent('main'), new RegExp(t.en.status_complaint_received));
  };
  await inContext(browser, (page) => complain(page, 'Nobody told me when the payments start.'));

  await inContext(browser, async (page) => {
    await signIn(page, server.url, filed.users.intake, password);
    // Home names the complaint waiting, with its reference; so does the queue.
    await page.goto(`${server.url}/`);
    assert.match(await page.textContent('.my-work__complaints'), new RegExp(filed.reference));
    await page.goto(`${server.url}/teams/${filed.team}/queue`);
    assert.match(await page.textContent('.queue__complaints'), new RegExp(filed.reference));
    await page.click(`.queue__complaints a:has-text("${filed.reference}")`);
    assert.equal(pathOf(page), `/requests/${filed.reference}`);
    assert.match(await page.textContent('.case__complaint-text'), /when the payments start/);
    // An empty answer: the form says what to fix.
    await page.$eval('#case-complaint-answer', (field) => { field.closest('form').noValidate = true; });
    const empty = await submit(page, '.case__complaint button[type="submit"]');
    assert.equal(empty.status(), 422);
    await page.fill('#case-complaint-answer', 'The first payment is on the first working day of next month.');
    await submit(page, '.case__complaint button[type="submit"]');
    assert.equal(await page.locator('.case__complaint-text').count(), 0);
  });

  await inContext(browser, async (page) => {
    await page.goto(`${server.url}${filed.status}`);
    assert.match(await page.textContent('.status__complaint-answer-text'), /first working day of next month/);
  });
  // A complaint after the answer waits again (the accessibility walk shows it).
  await inContext(browser, (page) => complain(page, 'Thank you, but I still have a question.'));
  assert.equal(server.sql(`SELECT count(*) FROM audit_log WHERE action = 'request.complaint.answer'
    AND subject = ${quote(`request:${filed.reference}`)}`), '1');
});

test("another team's member is refused the request page, and the refusal is audited", async () => {
  assert.ok(filed.reference, 'the first test filed a request');
  const other = server.sql(`SELECT code FROM teams WHERE kind = 'regional'
    AND code <> ${quote(filed.team)} ORDER BY code LIMIT 1`);
  const outsider = accountFor(other, 'intake', 'outsider');
  await inContext(browser, async (page) => {
    await signIn(page, server.url, outsider, password);
    const response = await page.goto(`${server.url}/requests/${filed.reference}`);
    assert.equal(response.status(), 403);
    assert.doesNotMatch(await page.textContent('main'), /Lotte Verbruggen/);
  });
  assert.equal(server.sql(`SELECT count(*) FROM audit_log WHERE action = 'request.view.refused'
    AND actor = 'user:outsider' AND subject = ${quote(`request:${filed.reference}`)}`), '1');
});

// Every casework page: my work and the queue with a complaint waiting, a
// request being handled (with a field error), a decided one with the
// complaint's form, the citizen's status with an answered complaint, and the
// figures.
async function walkCasework(page, lang, check) {
  const visit = async (name, target, status = 200) => {
    const response = await page.goto(`${server.url}${target}`);
    assert.equal(response.status(), status, `${name}: status ${response.status()}`);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await check(`${lang} ${name}`);
  };
  await page.goto(`${server.url}/`);
  await switchLanguage(page, lang);
  await visit('status of a decided request', filed.status);
  await signIn(page, server.url, filed.users.intake, password);
  await visit('my work, with a complaint waiting', '/');
  await visit('queue', `/teams/${filed.team}/queue`);
  await visit('decided request', `/requests/${filed.reference}`);
  // One in the queue if there is one, else one a colleague holds.
  const open = server.sql(`SELECT reference FROM requests r JOIN teams t ON t.id = r.team_id
    WHERE t.code = ${quote(filed.team)} AND r.finished_at IS NULL
    ORDER BY r.holder_id IS NULL DESC, r.submitted_at LIMIT 1`);
  assert.ok(open, 'the team has a request in progress');
  await visit('request in progress', `/requests/${open}`);
  await page.$eval('form[action$="/notes"]', (form) => { form.noValidate = true; });
  const response = await submit(page, 'form[action$="/notes"] button[type="submit"]');
  assert.equal(response.status(), 422);
  await check(`${lang} request with a field error`);
  await visit('figures', '/figures');
  await visit('figures of a team', `/figures/teams/${filed.team}`);
  await visit('who may decide and confirm', '/casework/delegations');
}

for (const lang of languages) {
  test(`axe finds no violation on the casework pages in ${lang}, wide and 360 px narrow`, async () => {
    assert.ok(filed.reference, 'the first test filed a request');
    const { context, page } = await openPage(browser, { bypassCSP: true, width: 1280, height: 900 });
    const found = [];
    const checked = [];
    try {
      await walkCasework(page, lang, async (name) => {
        checked.push(name);
        found.push(...(await pageProblems(page, name, [1280, 360])));
      });
    } finally {
      await context.close();
    }
    assert.equal(checked.length, 9);
    assert.equal(found.length, 0, `problems:\n${found.join('\n')}`);
  });
}
