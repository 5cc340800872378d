// What the browser tests share: a ploeg server of their own (temporary
// SQLite database, free port), Debian's Chromium, the message catalogue,
// and helpers to fill in forms, collect console errors and run axe-core.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const languages = ['en', 'nl', 'fr'];

// PLOEG_BINARY is set by CTest; by hand, the newest build/*/src/app/ploeg.
export function ploegBinary() {
  if (process.env.PLOEG_BINARY) return process.env.PLOEG_BINARY;
  const buildDir = path.join(repoRoot, 'build');
  const found = (fs.existsSync(buildDir) ? fs.readdirSync(buildDir) : [])
    .map((dir) => path.join(buildDir, dir, 'src', 'app', 'ploeg'))
    .filter((file) => fs.existsSync(file))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!found.length) throw new Error('set PLOEG_BINARY to the ploeg executable (no build/*/src/app/ploeg found)');
  return found[0];
}

// The flat TOML catalogue (key = "text", or key = { one = "...", other = "..." }
// for a text whose form a count picks), read the simple way: the tests compare
// what a page shows with what the catalogue says.
const quoted = '"((?:[^"\\\\]|\\\\.)*)"';
export function catalogue(lang) {
  const text = fs.readFileSync(path.join(repoRoot, 'web', 'locales', `${lang}.toml`), 'utf8');
  const messages = {};
  for (const line of text.split('\n')) {
    const m = line.match(new RegExp(`^\\s*([a-z0-9_]+)\\s*=\\s*${quoted}\\s*(?:#.*)?$`));
    if (m) messages[m[1]] = JSON.parse(`"${m[2]}"`);
    const table = line.match(/^\s*([a-z0-9_]+)\s*=\s*\{(.*)\}\s*$/);
    if (table) {
      const forms = {};
      for (const f of table[2].matchAll(new RegExp(`([a-z]+)\\s*=\\s*${quoted}`, 'g')))
        forms[f[1]] = JSON.parse(`"${f[2]}"`);
      messages[table[1]] = forms;
    }
  }
  return messages;
}

// The form of a counted message for `count` (CLDR: en and nl use "one" for 1
// only, fr for 0 and 1), as the server's catalogue picks it.
export function plural(message, count, lang = 'en') {
  if (typeof message === 'string') return message;
  const one = lang === 'fr' ? count === 0 || count === 1 : count === 1;
  return (one ? message.one : message.other) ?? message.other;
}
export const t = Object.fromEntries(languages.map((lang) => [lang, catalogue(lang)]));

// A message key shown as itself, its text missing (`error_422_heading`,
// `week_appointment_label`): a snake_case word that begins with a word the
// catalogue's keys begin with and ends in one they end in. Double
// underscores (CSS classes) do not match, nor a login like `cw_medical`.
const keyWords = (pick) => [...new Set(Object.keys(t.en).map(pick))].filter((word) => !/^\d+$/.test(word));
const rawKeyPattern = new RegExp(`\\b(?:${keyWords((key) => key.split('_')[0]).join('|')})` +
  `(?:_[a-z0-9]+)*_(?:${keyWords((key) => key.split('_').pop()).join('|')})\\b`, 'g');

// The raw message keys the page shows: in its title, its text and the texts
// of its attributes that people read or hear (aria-label, title, alt,
// placeholder). Only for HTML documents.
export async function rawKeys(page) {
  const texts = await page.evaluate(() => {
    if (document.contentType !== 'text/html') return [];
    const found = [document.title, document.body?.innerText ?? ''];
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
      for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
        if (el.hasAttribute(name)) found.push(el.getAttribute(name));
      }
    }
    return found;
  });
  return [...new Set(texts.flatMap((text) => text.match(rawKeyPattern) ?? []))];
}

export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts `ploeg serve` on a fresh database with the given users
// ([{username, role, displayName, password}]). With `demoPeople`, a demo
// organisation of that many people (and its logins) is added once the
// server answers, so the header keeps the name the server started with,
// and the users after it (the demo refuses a database it did not make).
// Returns {url, stop, log, port, ploeg, sql, password}: `ploeg(args)` runs a
// ploeg command on the server's database, `sql(query)` asks it with sqlite3,
// `password(who)` is the password the demo printed for its login `who`
// ('admin', 'coach', 'coworker'): random per database.
// `mail`: a real SMTP server on 127.0.0.1 (tests/support/smtp_sink.py) that
// the server sends to; `mails()` reads what arrived.
export async function startServer(users, { demoPeople = 0, mail = false } = {}) {
  const binary = ploegBinary();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ploeg-browser-'));
  const database = `sqlite:${path.join(dir, 'ploeg.db')}`;
  const env = { ...process.env, PLOEG_WEB_ROOT: path.join(repoRoot, 'web') };
  const mailbox = path.join(dir, 'mails.jsonl');
  let sink = null;
  if (mail) {
    const smtpPort = await freePort();
    sink = spawn('/usr/bin/python3', [path.join(repoRoot, 'tests/support/smtp_sink.py'),
      '--port', String(smtpPort), '--out', mailbox], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      sink.stdout.setEncoding('utf8');
      sink.stdout.on('data', (chunk) => { if (chunk.includes('listening on')) resolve(); });
      sink.on('exit', (code) => reject(new Error(`smtp_sink.py exited with ${code}`)));
    });
    Object.assign(env, { PLOEG_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, PLOEG_SMTP_TLS: 'none',
      PLOEG_MAIL_FROM: 'noreply@agency.example.be' });
  }
  const run = (args, input) =>
    execFileSync(binary, args, { env, input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
  const addUsers = () => {
    for (const u of users) {
      run(['user', 'add', u.username, '--role', u.role, '--display-name', u.displayName,
        '--password-stdin', '--database', database], `${u.password}\n`);
    }
  };
  try {
    run(['migrate', '--database', database]);
    // The demo only goes into a database it made: its accounts come after it.
    if (demoPeople === 0) addUsers();
  } catch (e) {
    throw new Error(`${path.basename(binary)} ${e.message}\n${e.stderr ?? ''}`);
  }

  const port = await freePort();
  const child = spawn(binary, ['serve', '--database', database, '--listen', `127.0.0.1:${port}`],
    { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const log = [];
  let exited = null;
  child.stderr.setEncoding('utf8');
  let partial = '';
  child.stderr.on('data', (chunk) => {
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop();
    log.push(...lines);
  });
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = { code, signal };
    resolve(exited);
  }));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`ploeg serve exited (${JSON.stringify(exited)}):\n${log.join('\n')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`ploeg serve did not answer /healthz within 60 s:\n${log.join('\n')}`);
    }
    await sleep(100);
  }
  const demoLogins = new Map();
  if (demoPeople > 0) {
    try {
      const printed = execFileSync(binary,
        ['demo', '--people', String(demoPeople), '--database', database],
        { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 }).toString();
      for (const [username, password] of parseDemoLogins(printed)) {
        demoLogins.set(username, password);
      }
      addUsers();
    } catch (e) {
      child.kill('SIGKILL');
      throw new Error(`ploeg demo: ${e.message}\n${e.stderr ?? ''}`);
    }
  }

  async function stop() {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exitPromise;
      clearTimeout(timer);
    }
    if (sink && sink.exitCode === null) {
      const gone = new Promise((resolve) => sink.on('exit', resolve));
      sink.kill('SIGTERM');
      await gone;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    return exited;
  }
  const ploeg = (args, input = '') => run([...args, '--database', database], input).toString();
  const sql = (query) =>
    execFileSync('sqlite3', [path.join(dir, 'ploeg.db'), query], { encoding: 'utf8' }).trim();
  const password = (who) => {
    if (!demoLogins.has(who)) throw new Error(`no demo login ${who} (start with demoPeople)`);
    return demoLogins.get(who);
  };
  // The mails the SMTP server received: one object a mail (smtp_sink.py).
  const mails = () => (fs.existsSync(mailbox) ? fs.readFileSync(mailbox, 'utf8') : '')
    .split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
  return { url, stop, log, port, ploeg, sql, password, mails };
}

// The logins `ploeg demo` printed, as [username, password] pairs: its lines
// "  <role>:\t<user name> / <password>".
export function parseDemoLogins(printed) {
  return [...printed.matchAll(/^ {2}[a-z]+:\t([a-z0-9._-]+) \/ (\S+)/gm)].map((m) => [m[1], m[2]]);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A fresh browser context (no cookies) and page. `problems` collects console
// errors (CSP violations among them), uncaught page errors and failed
// requests. A page answered with its intended 4xx status makes Chromium log
// "Failed to load resource" for the document itself; that one is expected.
export async function openPage(browser, { bypassCSP = false, width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ bypassCSP, viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location()?.url ?? '';
    const document = page.url();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()) &&
        where.split('#')[0] === document.split('#')[0]) return;
    problems.push(`console error on ${document}: ${message.text()} (${where})`);
  });
  page.on('pageerror', (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  // Every page loaded is read for message keys shown raw. A page left before
  // it is read (the next navigation, the context closed) is read elsewhere:
  // walkPages and pageProblems read each page they check.
  page.on('load', () => {
    const where = page.url();
    rawKeys(page).then((keys) => {
      if (keys.length) problems.push(`raw message keys on ${where}: ${keys.join(', ')}`);
    }, () => {});
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // A request cut short by the next navigation is no fault of the page.
    if (reason.includes('ERR_ABORTED')) return;
    problems.push(`request failed on ${page.url()}: ${request.url()} ${reason}`);
  });
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest()) return;
    if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()} on ${page.url()}`);
  });
  return { context, page, problems };
}

// Clicks a submit button and waits for the page that the form leads to.
export async function submit(page, selector) {
  // A form carries the CSRF token of the cookie its page set; make sure the
  // browser has stored that cookie before the form goes out (under load the
  // click can otherwise race the cookie jar, and the server rightly says 403).
  await waitForCsrfCookie(page);
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.click(selector),
  ]);
  return response;
}

async function waitForCsrfCookie(page) {
  const token = await page.$eval('input[name="_csrf"]', (input) => input.value).catch(() => null);
  if (!token) return;
  for (let i = 0; i < 50; i++) {
    const cookies = await page.context().cookies();
    if (cookies.some((c) => c.name === 'ploeg_session' || (c.name === 'ploeg_csrf' && c.value === token))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function signIn(page, url, username, password) {
  await page.goto(`${url}/login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  return submit(page, 'form[action="/login"] button[type="submit"]');
}

export async function signOut(page) {
  await page.click('.user-menu > summary');
  return submit(page, 'form[action="/logout"] button[type="submit"]');
}

export async function switchLanguage(page, lang) {
  return submit(page, `form[action="/language"] button[name="lang"][value="${lang}"]`);
}

// Runs axe-core on the page; returns its violations (all rule sets, best
// practices included). Needs a context with bypassCSP: axe is injected.
export async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
}

export function describeViolations(where, violations) {
  return violations.map((v) =>
    `${where}: [${v.impact}] ${v.id}: ${v.help}\n` +
    v.nodes.map((n) => `    at ${n.target}\n      ${String(n.summary).replace(/\n/g, '\n      ')}`).join('\n'),
  ).join('\n');
}

// Elements that the CSP would refuse: style attributes, inline scripts,
// inline event handlers.
export async function inlineCode(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('[style]')) found.push(`style attribute on <${el.localName}>`);
    for (const el of document.querySelectorAll('script:not([src])')) found.push('inline <script>');
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`${attr.name} on <${el.localName}>`);
      }
    }
    for (const el of document.querySelectorAll('style')) found.push('<style> element');
    return found;
  });
}

// Runs `body(page)` in a fresh browser context; fails on any console error,
// CSP violation or failed request.
export async function inContext(browser, body) {
  const { context, page, problems } = await openPage(browser);
  try {
    await body(page);
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, [], 'console errors, CSP violations or failed requests');
}

// Checks the page where it stands: no message key shown raw, no code the CSP
// would refuse, axe-core clean and nothing wider than the screen, at each of `widths`. Returns
// the problems found, each naming `name`.
export async function pageProblems(page, name, widths) {
  const found = [];
  const keys = await rawKeys(page);
  if (keys.length) found.push(`${name}: raw message keys ${keys.join(', ')}`);
  // Before axe adds its own script to the page.
  for (const inline of await inlineCode(page)) found.push(`${name}: ${inline}`);
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    const violations = await axeViolations(page);
    if (violations.length) found.push(describeViolations(`${name} (${width} px)`, violations));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) found.push(`${name}: ${overflow} px wider than a ${width} px screen`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

// Walks through every page of the application in one language, as a guest
// and signed in, calling `check(name)` on each. The browser context must be
// fresh (no cookies). `user` signs in; it is not changed.
export async function walkPages(page, url, lang, user, check) {
  const expectLang = async (name) => {
    const actual = await page.getAttribute('html', 'lang');
    if (actual !== lang) throw new Error(`${name}: <html lang="${actual}">, expected "${lang}"`);
  };
  const expectStatus = (name, response, status) => {
    if (response?.status() !== status) {
      throw new Error(`${name}: status ${response?.status()}, expected ${status}`);
    }
  };
  const visit = async (name, response, status) => {
    expectStatus(name, response, status);
    await expectLang(name);
    const keys = await rawKeys(page);
    if (keys.length) throw new Error(`${name}: raw message keys ${keys.join(', ')}`);
    await check(`${lang} ${name}`);
  };

  await page.goto(`${url}/`);
  let response = await switchLanguage(page, lang);
  await visit('home (guest)', response, 200);

  response = await page.goto(`${url}/login`);
  await visit('sign-in', response, 200);

  // An empty password: the server answers with the sign-in page and an alert
  // (browser validation is switched off so that the form is sent).
  await page.fill('#username', user.username);
  await page.$eval('form[action="/login"]', (form) => { form.noValidate = true; });
  response = await submit(page, 'form[action="/login"] button[type="submit"]');
  await page.waitForSelector('[role="alert"]');
  await visit('sign-in with an error', response, 400);

  response = await page.goto(`${url}/no-such-page`);
  await visit('404 (guest)', response, 404);

  // A citizen's request: the form, the form with an error, the status page.
  response = await page.goto(`${url}/request`);
  await visit('request form', response, 200);
  await page.fill('#request-postcode', '0999');
  await page.fill('#request-name', 'Marie Peeters');
  await page.fill('#request-email', 'marie@example.be');
  await page.fill('#request-description', 'My parking card expires next month.');
  response = await submit(page, 'form[action="/request"] button[type="submit"]');
  await page.waitForSelector('[role="alert"]');
  await visit('request form with an error', response, 422);
  await page.fill('#request-postcode', '9000');  // Gent: the demo has a team there
  response = await submit(page, 'form[action="/request"] button[type="submit"]');
  if (!new URL(page.url()).pathname.startsWith('/status/')) {
    throw new Error(`the request went to ${page.url()}`);
  }
  await visit('request status', response, 200);

  // A lost link: the form, and a status link that opens nothing.
  response = await page.goto(`${url}/status/lost`);
  await visit('lost link form', response, 200);
  response = await page.goto(`${url}/status/no-such-link`);
  await visit('status link unknown', response, 404);

  response = await signIn(page, url, user.username, user.password);
  if (new URL(page.url()).pathname !== '/') throw new Error(`sign-in went to ${page.url()}`);
  await visit('home (signed in)', response, 200);

  await page.click('.user-menu > summary');
  await page.waitForSelector('.user-menu__panel', { state: 'visible' });
  await check(`${lang} home with the user menu open`);

  response = await page.goto(`${url}/account/password`);
  await visit('password', response, 200);

  await page.fill('#current_password', 'not-the-current-password');
  await page.fill('#new_password', 'a-new-password-123');
  await page.fill('#confirm_password', 'another-password-456');
  response = await submit(page, 'form[action="/account/password"] button[type="submit"]');
  await page.waitForSelector('[aria-invalid="true"]');
  await visit('password with field errors', response, 422);

  response = await page.goto(`${url}/account/password?saved=1`);
  await visit('password saved', response, 200);

  response = await page.goto(`${url}/no-such-page`);
  await visit('404 (signed in)', response, 404);

  response = await page.goto(`${url}/logout`);
  await visit('405 (GET on a form target)', response, 405);

  // A form whose CSRF token does not match: the 403 page.
  await page.goto(`${url}/`);
  await page.$eval('form[action="/language"] input[name="_csrf"]', (input) => { input.value = 'forged'; });
  response = await switchLanguage(page, lang);
  await visit('403 (expired form)', response, 403);
}
