// The signed-in session: tokens from auth-service (DESIGN §3), kept in localStorage so that tabs share one login,
// refreshed silently before the access token expires, and revoked on sign-out. Refresh tokens are single-use
// (rotation, reuse revokes the family), so tabs take turns through a Web Lock and adopt a pair another tab got.

const KEY = 'etherwatch.session';
const listeners = new Set();
let session = load();
let timer = 0;
let inflight = null;

function load() {
  try {
    const s = JSON.parse(localStorage.getItem(KEY));
    return s && s.token && s.refreshToken ? s : null;
  } catch {
    return null;
  }
}

/** The claims of a JWT (not verified: the services verify; the app only reads the name and roles). */
export function decodeClaims(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      atob(part + '='.repeat((4 - (part.length % 4)) % 4))
        .split('')
        .map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))
        .join(''),
    );
    return JSON.parse(json);
  } catch {
    return {};
  }
}

/** A session from a login or refresh answer; times from the local clock, so a skewed clock does not matter. */
export function sessionFrom(answer, now = Date.now()) {
  const claims = decodeClaims(answer.token);
  return {
    token: answer.token,
    refreshToken: answer.refreshToken,
    lifetime: answer.expiresIn * 1000,
    expiresAt: now + answer.expiresIn * 1000,
    refreshExpiresAt: now + (answer.refreshExpiresIn || 0) * 1000,
    user: {
      name: claims.upn || claims.sub || 'unknown',
      roles: Array.isArray(claims.groups) ? claims.groups : [],
    },
  };
}

/** When to refresh: a quarter of the lifetime before expiry, between 10 s and 60 s ahead (60 s tokens at 45 s). */
export function refreshDelay(s, now = Date.now()) {
  const lead = Math.min(60_000, Math.max(10_000, s.lifetime / 4));
  return Math.max(0, s.expiresAt - lead - now);
}

export const getSession = () => session;
export const isAdmin = () => !!session && session.user.roles.includes('admin');

/** Calls fn(session, reason) on every change; returns the unsubscribe function. */
export function onSession(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

let endReason = '';
let byUser = false;
/** Why the last session ended ('' when signed out by the user), for the sign-in screen. */
export const lastEndReason = () => endReason;
/** True after the user signed out in this tab (the next sign-in starts at the instances, not where they were). */
export const signedOutByUser = () => byUser;

function set(next, reason = '') {
  session = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else {
    localStorage.removeItem(KEY);
    endReason = reason;
  }
  schedule();
  for (const fn of listeners) fn(session, reason);
}

function schedule() {
  clearTimeout(timer);
  if (session) timer = setTimeout(() => refresh().catch(() => {}), refreshDelay(session));
}

// Another tab signed in, refreshed or signed out.
window.addEventListener('storage', (e) => {
  if (e.key !== KEY) return;
  session = load();
  if (!session) endReason = '';
  schedule();
  for (const fn of listeners) fn(session, '');
});
// Timers are throttled in background tabs: catch up when the tab is shown again.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && session && refreshDelay(session) === 0) refresh().catch(() => {});
});

async function post(path, body) {
  return fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
}

async function errorOf(res) {
  try {
    const body = await res.json();
    return body && body.message ? body.message : `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/**
 * Signs in. Resolves when signed in; rejects with {message, retryAfter?} (seconds, from a 429's Retry-After).
 */
export async function signIn(username, password) {
  let res;
  try {
    res = await post('/api/authenticate', { username, password });
  } catch {
    throw { message: 'The server cannot be reached. Check your connection and try again.' };
  }
  if (res.status === 201 || res.status === 200) {
    byUser = false;
    set(sessionFrom(await res.json()));
    return;
  }
  if (res.status === 429) {
    const retryAfter = Number.parseInt(res.headers.get('Retry-After') || '', 10);
    const wait = Number.isFinite(retryAfter) ? retryAfter : null;
    throw {
      message: wait != null ? `Too many failed sign-ins. Try again in ${wait} s.` : 'Too many failed sign-ins. Try again later.',
      retryAfter: wait,
    };
  }
  if (res.status === 401) throw { message: 'Wrong username or password.' };
  if (res.status === 400) throw { message: 'Enter a username and a password.' };
  throw { message: `Sign-in failed: ${await errorOf(res)}` };
}

async function withLock(fn) {
  if (navigator.locks && navigator.locks.request) return navigator.locks.request('etherwatch-refresh', fn);
  return fn();
}

/**
 * Trades the refresh token for a new pair (single flight). Another tab may have done it meanwhile: then its pair is
 * adopted. A refused refresh token ends the session; a network failure keeps it and tries again in 5 s.
 */
export function refresh() {
  if (!session) return Promise.reject(new Error('signed out'));
  if (inflight) return inflight;
  const used = session.refreshToken;
  inflight = withLock(async () => {
    const stored = load();
    if (stored && stored.refreshToken !== used) {
      set(stored);
      return stored;
    }
    let res;
    try {
      res = await post('/api/token/refresh', { refreshToken: used });
    } catch (e) {
      clearTimeout(timer);
      timer = setTimeout(() => refresh().catch(() => {}), 5000);
      throw e;
    }
    if (res.status === 201 || res.status === 200) {
      const next = sessionFrom(await res.json());
      set(next);
      return next;
    }
    if (res.status === 401 || res.status === 400) {
      set(null, 'Your session has ended. Sign in again.');
      throw new Error('session ended');
    }
    clearTimeout(timer);
    timer = setTimeout(() => refresh().catch(() => {}), 5000);
    throw new Error(`refresh failed: HTTP ${res.status}`);
  }).finally(() => {
    inflight = null;
  });
  return inflight;
}

/** A token valid for at least a few more seconds, refreshing first when needed. */
export async function freshToken() {
  if (!session) throw new Error('signed out');
  if (session.expiresAt - Date.now() < 5000) await refresh();
  return session.token;
}

/** Signs out: revokes the refresh token's family at auth-service (POST /api/logout), then forgets the session. */
export async function signOut() {
  const s = session;
  byUser = true;
  clearTimeout(timer);
  if (s) {
    // Revoked before the screen changes, so that the token is dead once sign-in shows; at most 3 s when auth is down
    // (the family then still ends at its absolute lifetime).
    // A second try when the first gets no answer or a 5xx (a proxy's stale connection, auth restarting): a refresh
    // token left alive would outlive the sign-out.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const res = await fetch('/api/logout', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refreshToken: s.refreshToken }),
          credentials: 'same-origin',
          signal: AbortSignal.timeout(3000),
        });
        if (res.status < 500) break;
      } catch {
        // offline or auth down: try once more, then forget the session anyway
      }
    }
  }
  set(null, '');
}

/** Forgets the session after a refused token, with the reason shown on the sign-in screen. */
export function endSession(reason) {
  set(null, reason);
}
