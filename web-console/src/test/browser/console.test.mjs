// The web console in a real browser (issue 16, DESIGN section 11), against a running stack with the demo seed:
// headless Debian Chromium driven by playwright-core. Every element is found as a screen reader finds it, by role and
// accessible name from the table of DESIGN section 11, never by a class or a test id. The checks run in order in one
// signed-in session (a second one forces the GAP); each names what it saw when it fails.
//
// Environment (deploy/local/test/stack.bats sets it; the defaults are ./etherwatch up's):
//   CONSOLE_URL        the console, the stack's single origin         http://127.0.0.1:8080
//   CONSOLE_PASSWORD   the admin's password                           $ETHERWATCH_STATE/admin-password
//   AWS_ENDPOINT       the stack's moto server                        http://127.0.0.1:4566
//   KAFKA_BOOTSTRAP    the stack's broker                             127.0.0.1:9092
//   PUSH_PORT          push-service's port (its process is killed)    8083
//   TOKEN_LIFETIME_S   auth-service's access-token lifetime, when short (the refresh check waits past it); unset: skipped
//   ARTIFACTS          screenshots and the run's notes                web-console/target/browser-test
//   CHROMIUM           the browser                                    /usr/bin/chromium
//   DOCS_SCREENSHOTS=1 also copies the screenshots to docs/screenshots/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Logs } from './lib/aws.mjs';
import { capture, DESKTOP, launch, not, Recorder, until } from './lib/browser.mjs';
import { compare, describe, key, message, numbered, parse } from './lib/events.mjs';
import { topicOf, truncateAfter } from './lib/kafka.mjs';

Error.stackTraceLimit = 2; // a failure names its line in this file, not node's internals
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const env = process.env;
const CONSOLE = (env.CONSOLE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const STATE = env.ETHERWATCH_STATE ?? join(ROOT, '.etherwatch');
const USER = env.CONSOLE_USER ?? 'admin';
const KAFKA = env.KAFKA_BOOTSTRAP ?? '127.0.0.1:9092';
const KAFKA_LIBS = env.KAFKA_LIBS ?? join(ROOT, 'deploy/local/kafka-broker/target/libs');
const PUSH_PORT = env.PUSH_PORT ?? '8083';
const TOKEN_LIFETIME_S = Number(env.TOKEN_LIFETIME_S ?? 0);
const ARTIFACTS = env.ARTIFACTS ?? join(ROOT, 'web-console/target/browser-test');
const SHOTS = join(ARTIFACTS, 'screenshots');
const logs = new Logs(env.AWS_ENDPOINT ?? 'http://127.0.0.1:4566');

const INSTANCES = ['ManagementServer', 'MongoDBServer', 'NodeAppServer1', 'NodeAppServer2'];
const RUN = Date.now().toString(36);
const STREAMS = ['s-0', 's-1'];
const TAIL_GROUP = `browser/tail-${RUN}`; // a '/' in the name: encoded slashes through the console and the routes
const GAP_GROUP = `browser-gap-${RUN}`;
const SEEDED_GROUP = 'etherwatch/NodeAppServer1';

const s = { done: new Set(), violations: new Map() };
let password;

/** Skips a check when one it builds on did not pass (that one reports why); false then. */
function needs(t, ...checks) {
  const missing = checks.filter((c) => !s.done.has(c));
  if (missing.length) t.skip(`it needs ${missing.join(', ')}, which failed`);
  return !missing.length;
}

/** Screenshots and axe scan of the screen the page shows now; the violations are reported by the last check. */
async function screen(page, name, focus = null) {
  s.violations.set(name, await capture(page, SHOTS, name, focus));
}

/** A check (node:test's test) that leaves a screenshot of the page it failed on: failed-<n>.png in ARTIFACTS. */
let checks = 0;
function check(name, fn) {
  const n = ++checks;
  test(name, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      const page = s.failPage ?? s.page;
      if (page && !page.isClosed()) {
        const file = join(ARTIFACTS, `failed-${n}.png`);
        await mkdir(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: file }).then(() => t.diagnostic(`screenshot: ${file}`), () => {});
        t.diagnostic(`page: ${page.url()}`);
      }
      s.failPage = null;
      throw e;
    }
  });
}

const nav = (page, name) => page.getByRole('navigation').getByRole('link', { name, exact: true });
const table = (page, name) => page.getByRole('table', { name, exact: true });
const bodyRows = (tbl) => tbl.getByRole('row').filter({ has: tbl.page().getByRole('cell') });
const tailLog = (page) => page.getByRole('log', { name: 'Live tail', exact: true });
const connection = (page) => page.getByRole('status').filter({ hasText: /Connected|Reconnecting|Disconnected/ }).first();
const shown = async (page) => parse(RUN, await tailLog(page).innerText());
const CONNECTED = /(^|[^A-Za-z])Connected/;

/** The column headers of a table, in order. */
async function headers(tbl) {
  return (await tbl.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
}

/** Writes test events through PutLogEvents, one call per stream. */
async function write(group, list) {
  for (const stream of new Set(list.map((e) => e.stream))) {
    await logs.put(group, stream, list.filter((e) => e.stream === stream).map((e) => message(RUN, e.stream, e.n, e.level)));
  }
}

async function signIn(page, pass) {
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(USER);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(pass);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Log groups → the group (through the filter box) → its streams → Live tail, connected and subscribed. */
async function openTail(page, recorder, group) {
  await nav(page, 'Log groups').click();
  await page.getByRole('textbox', { name: 'Filter log groups', exact: true }).fill(group);
  await table(page, 'Log groups').getByRole('link', { name: group, exact: true }).click();
  const streams = table(page, 'Log streams');
  await until(`table "Log streams" of ${group} lists ${STREAMS.join(', ')}`, async () => {
    const names = (await streams.getByRole('link').allInnerTexts()).map((n) => n.trim()).sort();
    return names.join() === STREAMS.join() || not(names);
  });
  const replies = recorder.replies.length;
  await page.getByRole('button', { name: 'Live tail', exact: true }).click();
  await tailLog(page).waitFor();
  await until('status "Connected"', async () => { const text = await connection(page).innerText(); return CONNECTED.test(text) || not(text); }, { timeout: 30_000 });
  const reply = await until('push-service accepted the subscription (LOG_STREAM_REPLY)', () => recorder.replies.slice(replies).find((r) => r.success));
  return reply;
}

/** Waits until the live tail shows every event of `list` (by stream and number), then compares what it shows. */
async function waitShown(page, list, { among = null, timeout = 60_000 } = {}) {
  const want = new Set(list.map(key));
  try {
    await until(`the live tail shows ${list.length} events`, async () => {
      const seen = new Set((await shown(page)).map(key));
      return [...want].every((k) => seen.has(k));
    }, { timeout });
  } catch (e) {
    const seen = await shown(page);
    throw new Error(`${e.message}; ${describe(compare(seen, list, among), seen.length)}`);
  }
  const seen = await shown(page);
  return { seen, result: compare(seen, list, among) };
}

before(async () => {
  password = env.CONSOLE_PASSWORD ?? (await readFile(join(STATE, 'admin-password'), 'utf8')).trim();
  // Created first, so that inventory-service's listing (cached 5 s) and log-ingest-service know them when they are used.
  await logs.createGroup(TAIL_GROUP, STREAMS);
  await logs.createGroup(GAP_GROUP, STREAMS);
  s.browser = await launch(env.CHROMIUM ?? '/usr/bin/chromium');
  s.context = await s.browser.newContext({ viewport: DESKTOP });
  s.page = await s.context.newPage();
  s.page.setDefaultTimeout(15_000);
  s.recorder = new Recorder(s.page);
});

after(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const notes = {
    run: RUN,
    pageErrors: [...(s.recorder?.errors ?? []), ...(s.gapRecorder?.errors ?? [])],
    refreshes: s.recorder?.refreshes ?? [],
    sockets: s.recorder?.sockets,
    gaps: s.gapRecorder?.gaps ?? [],
    violations: Object.fromEntries(s.violations),
  };
  await writeFile(join(ARTIFACTS, 'notes.json'), `${JSON.stringify(notes, null, 2)}\n`);
  if (notes.pageErrors.length) console.log(`# uncaught errors in the page: ${notes.pageErrors.slice(0, 5).join(' | ')}`);
  if (env.DOCS_SCREENSHOTS === '1') await cp(SHOTS, join(ROOT, 'docs/screenshots'), { recursive: true });
  await s.gapContext?.close().catch(() => {});
  await s.browser?.close();
});

check('sign-in: a wrong password shows an alert and stays on sign-in', async () => {
  const { page } = s;
  await page.goto(CONSOLE);
  await page.getByRole('textbox', { name: 'Username', exact: true }).waitFor({ timeout: 30_000 });
  await screen(page, 'sign-in');
  await signIn(page, `not the password ${RUN}`);
  const alert = page.getByRole('alert');
  await alert.first().waitFor();
  assert.match(await alert.first().innerText(), /\S/, 'the alert says something');
  assert.equal(await table(page, 'Instances').count(), 0, 'no instances without a valid sign-in');
  assert.ok(await page.getByRole('textbox', { name: 'Password', exact: true }).isVisible(), 'the sign-in form stays');
  await screen(page, 'sign-in-error');
  s.done.add('sign-in form');
});

check('sign-in: the right password opens Instances, with the navigation, Sign out and the user name', async (t) => {
  if (!needs(t, 'sign-in form')) return;
  const { page } = s;
  await signIn(page, password);
  await table(page, 'Instances').waitFor({ timeout: 30_000 });
  s.signedInAt = s.recorder.tokens[0]?.at ?? Date.now();
  for (const link of ['Instances', 'Log groups', 'Users']) {
    assert.equal(await nav(page, link).count(), 1, `navigation link "${link}" (the admin sees Users)`);
  }
  assert.ok(await page.getByRole('button', { name: 'Sign out', exact: true }).isVisible(), 'button "Sign out"');
  const name = page.getByText(new RegExp(`(^|\\s)${USER}$`)).filter({ visible: true });
  assert.ok(await name.count(), `the signed-in user's name "${USER}" is shown`);
  assert.equal(await page.getByRole('alert').filter({ hasText: /\S/ }).count(), 0, 'no alert after a good sign-in');
  s.done.add('signed in');
});

check('instances: the four seeded instances with their columns, the state in words, and the filter box', async (t) => {
  if (!needs(t, 'signed in')) return;
  const { page } = s;
  const instances = table(page, 'Instances');
  await until('four rows in table "Instances"', async () => { const n = await bodyRows(instances).count(); return n === 4 || not(n); });
  assert.deepEqual(await headers(instances), ['Name', 'Instance ID', 'Type', 'Zone', 'Private IP', 'Launched', 'State']);
  for (const name of INSTANCES) {
    const row = bodyRows(instances).filter({ has: page.getByRole('link', { name, exact: true }) });
    assert.equal(await row.count(), 1, `one row whose name link is "${name}"`);
    const text = await row.innerText();
    assert.match(text, /\bi-[0-9a-f]{8,17}\b/, `${name}: an instance id`);
    assert.match(text, /\bt2\.micro\b/, `${name}: the type`);
    assert.match(text, /\bus-east-1[a-f]\b/, `${name}: the zone`);
    assert.match(text, /\b10\.0\.\d+\.\d+\b/, `${name}: the private IP`);
    assert.match(text, /\brunning\b/i, `${name}: the state in words`);
  }
  await screen(page, 'instances');
  const filter = page.getByRole('textbox', { name: 'Filter instances', exact: true });
  await filter.fill('NodeApp');
  await until('the filter "NodeApp" leaves the two NodeAppServers', async () => (await bodyRows(instances).count()) === 2);
  assert.equal(await instances.getByRole('link', { name: 'MongoDBServer', exact: true }).count(), 0);
  await filter.fill('');
  await until('an empty filter shows the four again', async () => (await bodyRows(instances).count()) === 4);
  s.done.add('instances');
});

/** The five statistics figures of the metric screen, by their labels. */
async function figures(page) {
  const out = {};
  for (const label of ['Minimum', 'Maximum', 'Average', 'Sum', 'Period']) {
    const figure = page.getByLabel(label, { exact: true }).or(page.getByRole('group', { name: label, exact: true }));
    out[label] = (await figure.count()) ? (await figure.first().innerText()).trim() : null;
  }
  return out;
}
const complete = (f) => Object.values(f).every((v) => v && /\d/.test(v));

/** The figures once all five show a number and stay the same for a second (the range's answer has come). */
async function settledFigures(page, range) {
  let before = null;
  return until(`the five figures of ${range}, settled`, async () => {
    const f = await figures(page);
    const same = complete(f) && JSON.stringify(f) === JSON.stringify(before);
    before = f;
    return (same && f) || not(f);
  }, { interval: 1000 });
}

check('instance: heading, Metrics, and a new range changes the chart and the Minimum/Maximum/Average/Sum/Period figures', async (t) => {
  if (!needs(t, 'instances')) return;
  const { page } = s;
  await table(page, 'Instances').getByRole('link', { name: 'NodeAppServer1', exact: true }).click();
  await page.getByRole('heading', { name: 'NodeAppServer1', exact: true }).waitFor();
  const metrics = page.getByRole('list', { name: 'Metrics', exact: true }).or(page.getByRole('table', { name: 'Metrics', exact: true }));
  await metrics.getByRole('link', { name: 'CPUUtilization', exact: true }).click();
  const range = page.getByRole('group', { name: 'Range', exact: true });
  for (const name of ['1h', '1d', '1w', '30d', '90d', 'Custom']) {
    assert.equal(await range.getByRole('button', { name, exact: true }).count(), 1, `button "${name}" in group "Range"`);
  }
  const chart = page.getByRole('img', { name: /CPUUtilization/ }).or(page.locator('canvas').and(page.getByLabel(/CPUUtilization/)));
  await range.getByRole('button', { name: '1d', exact: true }).click();
  const day = await settledFigures(page, '1d');
  await chart.first().waitFor();
  await page.waitForTimeout(500); // the chart's last frame (animations settle), not an assertion
  const dayChart = await chart.first().screenshot({ animations: 'disabled' });
  await screen(page, 'instance', range);
  await range.getByRole('button', { name: '30d', exact: true }).click();
  await until('figures that differ from 1d after choosing 30d', async () => {
    const f = await figures(page);
    return (complete(f) && JSON.stringify(f) !== JSON.stringify(day)) || not(f);
  });
  const month = await settledFigures(page, '30d');
  assert.notEqual(month.Period, day.Period, `the period used changes with the range (1d: ${day.Period}, 30d: ${month.Period})`);
  assert.notEqual(month.Sum, day.Sum, 'the sum changes with the range');
  await until('the chart is drawn anew for 30d', async () => !(await chart.first().screenshot({ animations: 'disabled' })).equals(dayChart));
  t.diagnostic(`1d ${JSON.stringify(day)} → 30d ${JSON.stringify(month)}`);
  s.done.add('instance');
});

check(`log groups: table, filter, and ${SEEDED_GROUP} (a '/' in its name) opens table "Log streams" with its streams`, async (t) => {
  if (!needs(t, 'signed in')) return;
  const { page } = s;
  await nav(page, 'Log groups').click();
  const groups = table(page, 'Log groups');
  await groups.waitFor();
  assert.deepEqual(await headers(groups), ['Name', 'Stored', 'Retention', 'Created']);
  for (const name of INSTANCES.map((i) => `etherwatch/${i}`)) {
    await until(`link "${name}" in table "Log groups"`, () => groups.getByRole('link', { name, exact: true }).count());
  }
  await screen(page, 'log-groups');
  await page.getByRole('textbox', { name: 'Filter log groups', exact: true }).fill(SEEDED_GROUP);
  await until(`the filter leaves one group`, async () => (await bodyRows(groups).count()) === 1);
  await groups.getByRole('link', { name: SEEDED_GROUP, exact: true }).click();
  const streams = table(page, 'Log streams');
  await streams.waitFor();
  assert.deepEqual(await headers(streams), ['Name', 'Last event', 'Stored']);
  const want = await logs.streamNames(SEEDED_GROUP);
  await until(`table "Log streams" lists the ${want.length} streams moto holds`, async () => {
    const names = (await streams.getByRole('link').allInnerTexts()).map((n) => n.trim()).sort();
    return names.join('\n') === want.join('\n') || not(names);
  });
  assert.equal(await bodyRows(streams).count(), want.length, 'one row per stream');
  assert.ok(await page.getByRole('button', { name: 'Live tail', exact: true }).isVisible(), 'button "Live tail"');
  await screen(page, 'log-streams');
  s.done.add('log groups');
});

check('live tail: events written now through PutLogEvents appear once each, in order per stream', async (t) => {
  if (!needs(t, 'signed in')) return;
  const { page, recorder } = s;
  await openTail(page, recorder, TAIL_GROUP);
  const list = numbered(STREAMS, 0, 10);
  await write(TAIL_GROUP, list);
  const { seen, result } = await waitShown(page, list);
  assert.ok(result.ok, describe(result, seen.length));
  await screen(page, 'live-tail');
  s.written = list;
  s.done.add('live tail');
});

check('live tail: Pause holds what arrives, Resume shows it, none lost or repeated', async (t) => {
  if (!needs(t, 'live tail')) return;
  const { page, recorder } = s;
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Resume', exact: true }).waitFor();
  const more = numbered(STREAMS, 10, 20);
  await write(TAIL_GROUP, more);
  const received = new Set(more.map(key));
  await until('the page received the 10 events written while paused (LOG_EVENTS frames)', () => {
    const got = new Set(recorder.events.map((e) => parse(RUN, e.message)[0]).filter(Boolean).map(key));
    return [...received].every((k) => got.has(k));
  }, { timeout: 60_000 });
  await page.waitForTimeout(1500); // time to (wrongly) draw them; the check is that they are not shown
  const whilePaused = (await shown(page)).filter((e) => received.has(key(e)));
  assert.equal(whilePaused.length, 0, `while paused none of the new events is shown (shown: ${whilePaused.map(key).join(' ')})`);
  await screen(page, 'live-tail-paused');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  const all = [...s.written, ...more];
  const { seen, result } = await waitShown(page, all);
  assert.ok(result.ok, describe(result, seen.length));
  s.written = all;
});

check('live tail: "Filter pattern" narrows what is shown to the matching events', async (t) => {
  if (!needs(t, 'live tail')) return;
  const { page } = s;
  const pattern = page.getByRole('textbox', { name: 'Filter pattern', exact: true });
  await pattern.fill('ERROR');
  await pattern.press('Enter');
  await until('status "Connected" with the filter', async () => { const text = await connection(page).innerText(); return CONNECTED.test(text) || not(text); });
  const list = [...numbered(STREAMS, 20, 32, 3), { stream: 's-0', n: 40, level: 'ERROR' }, { stream: 's-1', n: 41, level: 'ERROR' }];
  await page.waitForTimeout(1000); // a resubscription with the pattern may still be on its way; not an assertion
  await write(TAIL_GROUP, list);
  const errors = list.filter((e) => e.level === 'ERROR');
  const { seen } = await waitShown(page, errors, { among: new Set(list.map(key)) });
  const info = seen.filter((e) => e.level === 'INFO');
  assert.equal(info.length, 0, `only events matching "ERROR" are shown; also shown: ${info.slice(0, 8).map(key).join(' ')}`);
  const result = compare(seen.filter((e) => e.n >= 20), errors);
  assert.ok(result.ok, describe(result, seen.length));
  await screen(page, 'live-tail-filtered');
  await pattern.fill('');
  await pattern.press('Enter');
  await until('status "Connected" without a filter', async () => { const text = await connection(page).innerText(); return CONNECTED.test(text) || not(text); });
  s.done.add('filter');
});

check('live tail: push-service killed (kill -9) → "Reconnecting" → "Connected", events written meanwhile shown once', async (t) => {
  if (!needs(t, 'live tail')) return;
  const { page } = s;
  const pids = execFileSync('pgrep', ['-f', `Dquarkus.http.port=${PUSH_PORT}`], { encoding: 'utf8' }).trim().split(/\s+/);
  execFileSync('kill', ['-9', ...pids]);
  await until('status "Reconnecting" once push-service is gone', async () => { const text = await connection(page).innerText(); return /Reconnecting/.test(text) || not(text); }, { timeout: 20_000 });
  const meanwhile = numbered(STREAMS, 50, 60);
  await write(TAIL_GROUP, meanwhile);
  await until('status "Connected" again (the supervisor restarts push-service)', async () => { const text = await connection(page).innerText(); return CONNECTED.test(text) || not(text); }, { timeout: 120_000 });
  const after = numbered(STREAMS, 60, 62);
  await write(TAIL_GROUP, after);
  const list = [...meanwhile, ...after];
  const { seen, result } = await waitShown(page, list, { among: new Set(list.map(key)), timeout: 90_000 });
  assert.ok(result.ok, describe(result, seen.length));
  const repeated = compare(seen, []).duplicated;
  assert.equal(repeated.length, 0, `no event of the whole view is shown twice: ${repeated.slice(0, 8).join(' ')}`);
  s.done.add('reconnect');
});

check('live tail: a forced GAP (the resume cursor fell out of Kafka\'s retained range) is shown', async (t) => {
  if (!needs(t, 'signed in')) return;
  // A session of its own whose WebSocket the test can cut and hold: page.routeWebSocket connects it to the console.
  const context = (s.gapContext = await s.browser.newContext({ viewport: DESKTOP }));
  const page = (s.failPage = await context.newPage());
  page.setDefaultTimeout(15_000);
  const recorder = (s.gapRecorder = new Recorder(page));
  let hold = null;
  let current = null;
  await page.routeWebSocket(/\/ws(\?|$)/, async (ws) => {
    if (hold) await hold.promise;
    current = { ws, server: ws.connectToServer() };
  });
  await page.goto(CONSOLE);
  await signIn(page, password);
  await table(page, 'Instances').waitFor({ timeout: 30_000 });
  await openTail(page, recorder, GAP_GROUP);
  const first = numbered(['s-0'], 0, 5);
  await write(GAP_GROUP, first);
  await waitShown(page, first);
  const truncate = await truncateAfter({ libs: KAFKA_LIBS, bootstrap: KAFKA, topic: topicOf(GAP_GROUP), count: 5 });
  let release;
  hold = { promise: new Promise((r) => { release = r; }) };
  const cut = current;
  await cut.server.close({ code: 1001, reason: 'cut by the browser test' });
  await cut.ws.close({ code: 1001, reason: 'cut by the browser test' });
  const lost = numbered(['s-0'], 5, 10);
  await write(GAP_GROUP, lost);
  try {
    t.diagnostic(await truncate.done);
  } finally {
    truncate.kill();
    hold = null;
    release();
  }
  await until('push-service sent a GAP frame after the resume', () => recorder.gaps.length, { timeout: 60_000 });
  const notice = tailLog(page).getByText(/gap/i).or(page.getByRole('alert').filter({ hasText: /gap/i }));
  await until('a GAP notice (a row in "Live tail" or an alert containing "gap")', () => notice.count());
  const later = numbered(['s-0'], 10, 15);
  await write(GAP_GROUP, later);
  const { seen, result } = await waitShown(page, [...first, ...later], { among: new Set([...first, ...lost, ...later].map(key)) });
  assert.ok(result.ok, describe(result, seen.length));
  await screen(page, 'live-tail-gap');
  t.diagnostic(`GAP frames: ${JSON.stringify(recorder.gaps)}`);
  await context.close();
  s.failPage = null;
});

check('token: with a 60-second access token the session stays signed in past its lifetime (silent refresh)', async (t) => {
  if (!TOKEN_LIFETIME_S) return t.skip('TOKEN_LIFETIME_S is unset: the stack runs with the default lifetime');
  if (!needs(t, 'signed in')) return;
  const { page, recorder } = s;
  const wait = s.signedInAt + (TOKEN_LIFETIME_S + 5) * 1000 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait); // to pass the first token's expiry; the checks follow
  if (s.done.has('live tail')) {
    const late = [{ stream: 's-0', n: 70, level: 'INFO' }];
    await write(TAIL_GROUP, late);
    await waitShown(page, late);
  }
  await nav(page, 'Instances').click();
  await until('four rows in table "Instances" after the first token expired', async () => (await bodyRows(table(page, 'Instances')).count()) === 4);
  assert.equal(await page.getByRole('textbox', { name: 'Password', exact: true }).count(), 0, 'no sign-in form came up');
  const good = recorder.refreshes.filter((r) => r.status === 201);
  assert.ok(good.length >= 1, `the page refreshed its token (POST /api/token/refresh answers: ${JSON.stringify(recorder.refreshes)})`);
  t.diagnostic(`${good.length} refreshes in ${Math.round((Date.now() - s.signedInAt) / 1000)} s`);
});

check('users: the admin reaches the Users screen', async (t) => {
  if (!needs(t, 'signed in')) return;
  const { page } = s;
  await nav(page, 'Users').click();
  await until(`the user "${USER}" listed`, () => page.getByRole('main').getByText(USER, { exact: true }).count());
  await screen(page, 'users');
});

check('sign out: back at sign-in, and the refresh token the page held is revoked', async (t) => {
  if (!needs(t, 'signed in')) return;
  const { page, recorder } = s;
  const refreshToken = recorder.refreshToken;
  assert.ok(refreshToken, 'the page got a refresh token');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('textbox', { name: 'Username', exact: true }).waitFor();
  const response = await fetch(`${CONSOLE}/api/token/refresh`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  // The answer's body is not shown: on a failure it holds a working token pair.
  const error = (await response.json().catch(() => ({}))).error;
  assert.equal(
    response.status,
    401,
    `POST /api/token/refresh with the signed-out refresh token answers ${response.status} ${error ?? ''}; ` +
      `the page's POST /api/logout got ${JSON.stringify(recorder.logouts)}, its refreshes ${JSON.stringify(recorder.refreshes)}`,
  );
});

check('accessibility: axe-core finds no serious or critical violation on any screen (1280×800 and 390×844)', () => {
  assert.ok(s.violations.size > 0, 'no screen was scanned');
  const found = [...s.violations].flatMap(([name, list]) => list.map((v) => `${name} ${v}`));
  assert.deepEqual(found, [], `${found.length} violations:\n${found.join('\n')}`);
});
