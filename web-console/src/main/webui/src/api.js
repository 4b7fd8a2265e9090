// Same-origin REST calls with the session's token (DESIGN §3, §4): a 401 triggers one refresh and one retry; every
// failure becomes an ApiError carrying the services' {"error","message"} body.
import { endSession, freshToken, refresh } from './session.js';

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

async function once(path, options, token) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(path, {
    method: options.method || 'GET',
    headers,
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    signal: options.signal,
    credentials: 'same-origin',
  });
}

/** Calls a same-origin API path; resolves with the JSON body (null for 204), rejects with ApiError. */
export async function api(path, options = {}) {
  let res;
  try {
    res = await once(path, options, await freshToken());
    if (res.status === 401) {
      await refresh();
      res = await once(path, options, await freshToken());
      if (res.status === 401) endSession('Your session has ended. Sign in again.');
    }
  } catch (e) {
    if (e.name === 'AbortError' || e instanceof ApiError) throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection; retrying.');
  }
  if (res.status === 204) return null;
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (res.ok) return body;
  const retry = Number.parseInt(res.headers.get('Retry-After') || '', 10);
  throw new ApiError(
    res.status,
    (body && body.error) || 'http_' + res.status,
    (body && body.message) || `The server answered HTTP ${res.status}`,
    Number.isFinite(retry) ? retry : undefined,
  );
}

/** Follows nextToken pages of a listing, up to maxPages; resolves with {items, more} (more: a token left). */
export async function allPages(path, field, { signal, maxPages = 20 } = {}) {
  const items = [];
  let token = null;
  for (let page = 0; page < maxPages; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const body = await api(token ? `${path}${sep}nextToken=${encodeURIComponent(token)}` : path, { signal });
    items.push(...(body[field] || []));
    token = body.nextToken || null;
    if (!token) return { items, more: null };
  }
  return { items, more: token };
}
