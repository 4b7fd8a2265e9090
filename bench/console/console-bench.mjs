// The web console benchmark (issue 16, DESIGN section 11), in headless Debian Chromium through the browser tests'
// helpers (web-console/src/test/browser/lib, their playwright-core): (1) the instances screen's paint, cold and warm
// cache; (2) the live tail fed straight into its group's Kafka topic (FeedTopic.java) at --rate events/s for --seconds,
// after a baseline of the same page at 0 events/s. Prints a JSON result on stdout; run.sh writes the reports.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logs } from '../../web-console/src/test/browser/lib/aws.mjs';
import { DESKTOP, launch } from '../../web-console/src/test/browser/lib/browser.mjs';
import { topicOf } from '../../web-console/src/test/browser/lib/kafka.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const CONSOLE = env.CONSOLE_URL.replace(/\/$/, '');
const PASSWORD = env.CONSOLE_PASSWORD;
const USER = env.CONSOLE_USER ?? 'admin';
const KAFKA = env.KAFKA_BOOTSTRAP;
const KAFKA_LIBS = env.KAFKA_LIBS ?? join(ROOT, 'deploy/local/kafka-broker/target/libs');
const RATE = Number(env.BENCH_RATE);
const SECONDS = Number(env.BENCH_SECONDS);
const BASELINE = Number(env.BENCH_BASELINE);
const REPS = Number(env.BENCH_REPS);
const RUN = Date.now().toString(36);
const GROUP = `bench-console-${RUN}`;
const STREAM = 's-0';
const log = (m) => process.stderr.write(`bench/console: ${m}\n`);

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : null;
};
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
const summary = (xs) => ({ n: xs.length, median: round(pct(xs, 50)), p95: round(pct(xs, 95)), max: round(Math.max(...xs)) });

/** Memory in MB of the Chromium processes under this node process: PSS of all together, RSS of the largest renderer. */
function chromiumRss() {
  const parent = new Map();
  const info = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      info.set(pid, { rollup: readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8') });
    } catch {
      // gone meanwhile
    }
  }
  const under = (pid) => {
    for (let p = pid, i = 0; p && p !== '0' && i < 50; p = parent.get(p), i++) if (p === String(process.pid)) return true;
    return false;
  };
  let total = 0;
  let renderer = 0;
  for (const [pid, { rollup, cmd }] of info) {
    if (pid === String(process.pid) || !under(pid) || !/chrom/i.test(cmd.split('\0')[0])) continue;
    total += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0); // shared pages split, not counted per process
    if (cmd.includes('--type=renderer')) renderer = Math.max(renderer, Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0));
  }
  return { pssMb: round(total / 1024), rendererMb: round(renderer / 1024) };
}

/** In the page: the time from navigation start until table "Instances" has 4 body rows, FCP and LCP (ms). */
async function instancesPaint(page) {
  await page.goto(`${CONSOLE}/instances`, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      const table = [...document.querySelectorAll('table')].find((t) => t.caption?.textContent.trim() === 'Instances');
      const rows = table ? [...table.querySelectorAll('tr')].filter((r) => r.querySelector('td')).length : 0;
      return rows === 4 ? performance.now() : null;
    },
    null,
    { polling: 'raf', timeout: 30_000 },
  );
  const rowsAt = await handle.jsonValue();
  const paints = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
        let lcp = null;
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) lcp = e.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve({ fcp, lcp }), 50);
      }),
  );
  return { rowsMs: rowsAt, fcpMs: paints.fcp, lcpMs: paints.lcp };
}

async function signIn(page) {
  await page.goto(CONSOLE);
  await page.getByRole('textbox', { name: 'Username', exact: true }).fill(USER);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('table', { name: 'Instances', exact: true }).waitFor({ timeout: 30_000 });
}

async function paintPhase(browser) {
  const setup = await browser.newContext({ viewport: DESKTOP });
  const first = await setup.newPage();
  await signIn(first);
  const storage = await setup.storageState();
  await setup.close();
  const cold = [];
  const warm = [];
  for (let i = 0; i < REPS; i++) {
    const context = await browser.newContext({ viewport: DESKTOP, storageState: storage });
    const page = await context.newPage();
    cold.push(await instancesPaint(page)); // a new context: empty HTTP cache
    warm.push(await instancesPaint(page)); // the same page again: its cache warm
    await context.close();
  }
  const of = (list, k) => summary(list.map((r) => r[k]).filter((v) => v != null));
  const stats = (list) => ({ rows: of(list, 'rowsMs'), fcp: of(list, 'fcpMs'), lcp: of(list, 'lcpMs') });
  log(`instances paint: cold ${JSON.stringify(stats(cold).rows)} warm ${JSON.stringify(stats(warm).rows)} (ms)`);
  return { storage, cold: stats(cold), warm: stats(warm), raw: { cold, warm } };
}

/** Starts the frame counter in the page: every requestAnimationFrame's time goes to window.__frames. */
const startFrames = (page) =>
  page.evaluate(() => {
    window.__frames = [];
    const tick = (t) => {
      window.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

/** Frames of [from, to) (page ms): fps per whole 1-s window, and frames longer than 50 ms. */
function frameStats(times, from, to) {
  const ts = times.filter((t) => t >= from && t < to);
  const windows = [];
  for (let w = from; w + 1000 <= to; w += 1000) windows.push(ts.filter((t) => t >= w && t < w + 1000).length);
  let long = 0;
  let longest = 0;
  for (let i = 1; i < ts.length; i++) {
    const d = ts[i] - ts[i - 1];
    if (d > 50) long++;
    longest = Math.max(longest, d);
  }
  return { windows: windows.length, minFps: Math.min(...windows), p5Fps: pct(windows, 5), medianFps: pct(windows, 50), framesOver50ms: long, longestFrameMs: round(longest) };
}

/** Samples heap and RSS once a second until stop() is called; returns the samples. */
function sampler(cdp) {
  const samples = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      samples.push({ at: Date.now(), heapMb: round(heap / 2 ** 20), ...chromiumRss() });
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return { samples, stop: async () => { stopped = true; await loop; return samples; } };
}

const memStats = (s) =>
  s.length
    ? {
        heapStartMb: s[0].heapMb, heapEndMb: s.at(-1).heapMb, heapMaxMb: Math.max(...s.map((x) => x.heapMb)),
        pssStartMb: s[0].pssMb, pssEndMb: s.at(-1).pssMb, pssMaxMb: Math.max(...s.map((x) => x.pssMb)),
        rendererRssMaxMb: Math.max(...s.map((x) => x.rendererMb)),
      }
    : {};

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);

/** Runs FeedTopic; resolves { ready, done } where done resolves with the count written. */
function feeder(rate, seconds) {
  const source = join(ROOT, 'bench/console/FeedTopic.java');
  const child = spawn('java', ['-Xmx256m', '-cp', `${KAFKA_LIBS}/*`, source, KAFKA, topicOf(GROUP), GROUP, STREAM, String(rate), String(seconds), RUN], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err = (err + d).slice(-3000); });
  const exited = new Promise((r) => child.on('exit', r));
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    exited.then((code) => reject(new Error(`FeedTopic exited ${code} before it was ready: ${out}${err}`)));
  });
  const done = exited.then((code) => {
    if (code !== 0) throw new Error(`FeedTopic exited ${code}: ${out} ${err}`);
    return Number(/written (\d+)/.exec(out)[1]);
  });
  return { ready, done };
}

async function tailPhase(browser, storage) {
  const logs = new Logs(env.AWS_ENDPOINT);
  await logs.createGroup(GROUP, [STREAM]); // push-service checks that the group exists
  const context = await browser.newContext({ viewport: DESKTOP, storageState: storage });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // The topic first (FeedTopic creates it, 0 events), so that the subscription finds it.
  await feeder(1, 0).done;
  await page.goto(`${CONSOLE}/logs/${encodeURIComponent(GROUP)}/tail`);
  const tail = page.getByRole('log', { name: 'Live tail', exact: true });
  await tail.waitFor();
  const status = page.getByRole('status').filter({ hasText: /Connected|Reconnecting|Disconnected/ }).first();
  const connectedBy = Date.now() + 60_000;
  while (!/(^|[^A-Za-z])Connected/.test(await status.innerText())) {
    if (Date.now() > connectedBy) throw new Error(`the live tail was not "Connected": ${await status.innerText()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await startFrames(page);
  const received = async () => Number((/([\d,]+) events received/.exec(await page.locator('body').innerText())?.[1] ?? '0').replace(/,/g, ''));

  log(`baseline: the live tail of ${GROUP} at 0 events/s for ${BASELINE} s`);
  const base = sampler(cdp);
  const baseFrom = await page.evaluate(() => performance.now());
  const loadBase = [];
  for (let i = 0; i < BASELINE; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    loadBase.push(loadavg()[0]);
  }
  const baseTo = await page.evaluate(() => performance.now());
  const baseSamples = await base.stop();

  log(`feeding ${RATE} events/s for ${SECONDS} s into ${topicOf(GROUP)}`);
  const feed = feeder(RATE, SECONDS);
  await feed.ready;
  const load = sampler(cdp);
  const from = await page.evaluate(() => performance.now());
  const loadRun = [];
  const timer = setInterval(() => loadRun.push(loadavg()[0]), 1000);
  const written = await feed.done;
  const to = await page.evaluate(() => performance.now());
  clearInterval(timer);
  // What is still on its way: until the count reaches what was written or stands still for 5 s (at most 60 s).
  let got = await received();
  for (let still = 0, i = 0; got < written && still < 5 && i < 60; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const next = await received();
    still = next === got ? still + 1 : 0;
    got = next;
  }
  const loadSamples = await load.stop();
  const frames = await page.evaluate(() => window.__frames);
  const view = await tail.evaluate((el) => {
    const rows = el.querySelectorAll('.row');
    return { rows: rows.length, last: rows.length ? rows[rows.length - 1].textContent : null };
  });
  const lastNumber = Number(/bench \S+ (\d+)/.exec(view.last ?? '')?.[1] ?? 0);
  const result = {
    group: GROUP,
    baseline: { seconds: BASELINE, frames: frameStats(frames, baseFrom, baseTo), memory: memStats(baseSamples), loadAvg1: round(Math.max(...loadBase), 2) },
    fed: {
      rate: RATE, seconds: SECONDS, written, received: got, lastShownNumber: lastNumber, rowsInView: view.rows,
      frames: frameStats(frames, from, to), memory: memStats(loadSamples),
      loadAvg1Max: round(Math.max(...loadRun), 2), loadAvg1Mean: round(loadRun.reduce((a, b) => a + b, 0) / (loadRun.length || 1), 2),
    },
    pageErrors: errors.slice(0, 5),
  };
  log(`tail: ${JSON.stringify(result.fed)}`);
  await context.close();
  return result;
}

const browser = await launch(env.CHROMIUM ?? '/usr/bin/chromium');
try {
  const loadStart = loadavg();
  const paint = await paintPhase(browser);
  const tail = await tailPhase(browser, paint.storage);
  delete paint.storage;
  const out = { run: RUN, chromium: browser.version(), loadAvgAtStart: loadStart, loadAvgAtEnd: loadavg(), config: { rate: RATE, seconds: SECONDS, baseline: BASELINE, repetitions: REPS }, paint, tail };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} finally {
  await browser.close();
}
