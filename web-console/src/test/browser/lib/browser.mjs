// Headless Debian Chromium driven by playwright-core (never a downloaded browser), with what the checks observe: the
// WebSocket frames a page receives and sends, the token answers it gets, its errors; the axe-core scan and the two
// screenshot sizes of every screen.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium } from 'playwright-core';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Debian's Chromium, headless, without the background connections a closed network refuses. */
export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
      '--no-first-run', '--disable-gpu'],
  });
}

/** What a probe of until() returns when it is not there yet, with what it saw (shown if the wait fails). */
export const not = (saw) => ({ notYet: true, saw });

/**
 * Polls `probe` until it returns a truthy value other than not(…); fails with `what` and what the probe saw last
 * after `timeout` ms.
 */
export async function until(what, probe, { timeout = 20_000, interval = 250 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let error;
  for (;;) {
    try {
      last = await probe();
      error = undefined;
      if (last && !last.notYet) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > deadline) {
      const saw = last?.notYet ? last.saw : last;
      const detail = error ? `: ${error.message.split('\n')[0]}` : saw === undefined ? '' : ` (saw: ${JSON.stringify(saw)})`;
      throw new Error(`not within ${timeout / 1000} s: ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * What a page lived through, recorded from outside the app: every LOG_EVENTS event and GAP frame received on its
 * WebSockets, every frame it sent, the token pairs it got (/api/authenticate, /api/token/refresh), uncaught errors.
 */
export class Recorder {
  constructor(page) {
    this.events = [];
    this.gaps = [];
    this.sent = [];
    this.replies = [];
    this.sockets = 0;
    this.tokens = [];
    this.refreshes = [];
    this.logouts = [];
    this.errors = [];
    page.on('websocket', (ws) => {
      this.sockets++;
      ws.on('framereceived', ({ payload }) => this.received(payload));
      ws.on('framesent', ({ payload }) => this.sent.push(json(payload) ?? { raw: String(payload).slice(0, 200) }));
    });
    page.on('response', async (response) => {
      const path = new URL(response.url()).pathname;
      if (path === '/api/logout') this.logouts.push(response.status());
      if (path !== '/api/authenticate' && path !== '/api/token/refresh') return;
      const body = await response.json().catch(() => null);
      if (path === '/api/token/refresh') this.refreshes.push({ status: response.status(), at: Date.now() });
      if (response.status() === 201 && body?.refreshToken) this.tokens.push({ path, at: Date.now(), ...body });
    });
    page.on('pageerror', (e) => this.errors.push(e.message));
  }

  received(payload) {
    const frame = json(payload);
    if (!frame) return;
    if (frame.type === 'LOG_EVENTS') this.events.push(...frame.events);
    else if (frame.type === 'GAP') this.gaps.push(frame);
    else if (frame.type === 'LOG_STREAM_REPLY') this.replies.push(frame);
  }

  /** The latest refresh token the page was given: the one sign-out must revoke. */
  get refreshToken() {
    return this.tokens.at(-1)?.refreshToken;
  }
}

function json(payload) {
  try {
    return JSON.parse(String(payload));
  } catch {
    return null;
  }
}

/** axe-core's serious and critical violations on the page as it is now: ["rule (impact): target, …"]. */
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, so the console's CSP (no inline script) does not apply to it.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 4).map((n) => n.target.join(' ')), count: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.count} nodes: ${v.help}): ${v.targets.join(' | ')}`);
}

/**
 * Screenshots of a screen at 1280×800 and 390×844 (`<dir>/<name>-desktop.png`, `-phone.png`) and an axe scan at
 * each size, with `focus` (a locator) scrolled into view when given; the viewport is desktop again afterwards.
 * Returns the violations found, prefixed by the size.
 */
export async function capture(page, dir, name, focus = null) {
  await mkdir(dir, { recursive: true });
  const found = [];
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    if (focus) await focus.scrollIntoViewIfNeeded();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await writeFile(join(dir, `${name}-${size}.png`), await page.screenshot({ animations: 'disabled' }));
    for (const v of await axeViolations(page)) found.push(`${size}: ${v}`);
  }
  await page.setViewportSize(DESKTOP);
  return found;
}
