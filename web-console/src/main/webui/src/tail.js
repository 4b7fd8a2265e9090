// The live-tail connection to push-service's /ws (DESIGN §6, docs/api/push.md): subscribes, keeps the cursor of the
// last frame it handed on, reconnects with backoff and `resume` so that nothing is missed, drops events it has
// already handed on (by eventId) so that nothing is shown twice, renews the token with REAUTHENTICATE, and reports
// every GAP. Framework-free, unit-tested with a fake WebSocket (test/tail.test.js).

const DEDUPE_WINDOW = 50_000;

/** The subprotocols that carry the token on a browser's upgrade request (Quarkus WebSockets Next's carrier). */
export function bearerProtocols(token) {
  return ['bearer-token-carrier', encodeURIComponent('quarkus-http-upgrade#Authorization#Bearer ' + token)];
}

/** ws(s)://<this host>/ws: the single origin's push route. */
export function socketUrl(loc = location) {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

/**
 * @param {object} o
 * @param {string} o.group log group name
 * @param {string[]} o.streams stream names, empty = all
 * @param {string} o.filterPattern CloudWatch filter pattern ('' = all)
 * @param {number|null} o.since epoch ms, null = live
 * @param {() => Promise<string>} o.getToken a valid access token
 * @param {(events: object[]) => void} o.onEvents new events, in arrival order, never twice
 * @param {(gap: object) => void} o.onGap a GAP frame
 * @param {(state: 'connected'|'reconnecting'|'disconnected', detail: string) => void} o.onState
 */
export class TailClient {
  constructor(o) {
    this.o = o;
    this.WebSocket = o.WebSocket || globalThis.WebSocket;
    this.url = o.url || socketUrl();
    this.setTimeout = o.setTimeout || globalThis.setTimeout.bind(globalThis);
    this.clearTimeout = o.clearTimeout || globalThis.clearTimeout.bind(globalThis);
    this.now = o.now || Date.now;
    this.filterPattern = o.filterPattern || '';
    this.cursor = null;
    this.since = o.since ?? null;
    this.seen = new Set();
    this.seenOrder = [];
    this.socket = null;
    this.subscriptionId = null;
    this.requestSeq = 0;
    this.attempt = 0;
    this.retryTimer = 0;
    this.stopped = true;
    this.cursorRefused = false;
    this.lastTimestamp = null;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  /** Ends the subscription and the socket for good. */
  stop() {
    this.stopped = true;
    this.clearTimeout(this.retryTimer);
    const s = this.socket;
    this.socket = null;
    if (s) {
      try {
        if (this.subscriptionId && s.readyState === 1) s.send(JSON.stringify({ type: 'LOG_STREAM_STOP', subscriptionId: this.subscriptionId }));
        s.close(1000, 'stopped');
      } catch {
        // already closed
      }
    }
    this.state('disconnected', 'Stopped');
  }

  /** Changes the filter: the subscription is replaced, resuming after the last frame shown (no gap). */
  setFilter(pattern) {
    this.filterPattern = pattern || '';
    const s = this.socket;
    if (!s || s.readyState !== 1) return;
    if (this.subscriptionId) s.send(JSON.stringify({ type: 'LOG_STREAM_STOP', subscriptionId: this.subscriptionId }));
    this.subscriptionId = null;
    this.subscribe();
  }

  /** The network is back: reconnect now rather than at the end of the backoff. */
  retryNow() {
    if (this.stopped || this.socket) return;
    this.clearTimeout(this.retryTimer);
    this.connect();
  }

  /** Hands a renewed token to the open connection, so push-service does not close it at the old token's expiry. */
  reauthenticate(token) {
    const s = this.socket;
    if (s && s.readyState === 1) s.send(JSON.stringify({ type: 'REAUTHENTICATE', token }));
  }

  state(state, detail = '') {
    if (this.o.onState) this.o.onState(state, detail);
  }

  async connect() {
    if (this.stopped) return;
    let token;
    try {
      token = await this.o.getToken();
    } catch {
      this.state('disconnected', 'Signed out');
      this.stopped = true;
      return;
    }
    if (this.stopped) return;
    let s;
    try {
      s = new this.WebSocket(this.url, bearerProtocols(token));
    } catch {
      this.retry('cannot open the connection');
      return;
    }
    this.socket = s;
    this.subscriptionId = null;
    s.onopen = () => {
      if (this.socket === s) this.subscribe();
    };
    s.onmessage = (e) => {
      if (this.socket === s) this.frame(e.data);
    };
    s.onclose = (e) => {
      if (this.socket !== s) return;
      this.socket = null;
      this.subscriptionId = null;
      if (this.stopped) return;
      const why =
        e.code === 4401 ? 'the token expired' : e.code === 1013 ? 'the server asked to retry later' : e.code === 1001 ? 'the server restarted' : `closed (${e.code})`;
      this.retry(why);
    };
    s.onerror = () => {
      // onclose follows and decides.
    };
  }

  subscribe() {
    const request = {
      type: 'LOG_STREAM_REQUEST',
      requestId: `r${++this.requestSeq}`,
      logGroupName: this.o.group,
      logStreamNames: this.o.streams || [],
    };
    if (this.filterPattern) request.filterPattern = this.filterPattern;
    if (this.cursor && !this.cursorRefused) request.resume = this.cursor;
    else if (this.cursorRefused && this.lastTimestamp != null) request.since = this.lastTimestamp;
    else if (this.since != null) request.since = this.since;
    this.pendingRequest = request.requestId;
    this.socket.send(JSON.stringify(request));
  }

  retry(why) {
    if (this.stopped) return;
    this.state('reconnecting', why);
    const base = Math.min(10_000, 500 * 2 ** this.attempt);
    this.attempt++;
    const delay = base / 2 + Math.random() * (base / 2);
    this.clearTimeout(this.retryTimer);
    this.retryTimer = this.setTimeout(() => this.connect(), delay);
  }

  remember(id) {
    this.seen.add(id);
    this.seenOrder.push(id);
    if (this.seenOrder.length > DEDUPE_WINDOW) this.seen.delete(this.seenOrder.shift());
  }

  frame(data) {
    let f;
    try {
      f = JSON.parse(data);
    } catch {
      return;
    }
    switch (f.type) {
      case 'LOG_STREAM_REPLY':
        if (f.requestId !== this.pendingRequest) return;
        if (f.success) {
          this.subscriptionId = f.subscriptionId;
          this.attempt = 0;
          // Without a cursor yet, a reconnect asks for what came since this moment (duplicates are dropped by id).
          if (this.since == null) this.since = this.now();
          this.state('connected', '');
        } else if (f.error === 'bad_request' && this.cursor && !this.cursorRefused) {
          // The cursor is no longer valid (the log was reset): continue from the last event's time instead.
          this.cursorRefused = true;
          this.subscribe();
        } else if (f.error === 'limit' || f.error === 'unavailable') {
          this.socket.close(1000, 'retry');
        } else {
          this.stopped = true;
          this.socket.close(1000, 'refused');
          this.state('disconnected', f.message || f.error);
        }
        return;
      case 'LOG_EVENTS': {
        if (f.subscriptionId !== this.subscriptionId) return;
        const fresh = [];
        for (const ev of f.events || []) {
          if (this.seen.has(ev.eventId)) continue;
          this.remember(ev.eventId);
          fresh.push(ev);
          if (this.lastTimestamp == null || ev.timestamp > this.lastTimestamp) this.lastTimestamp = ev.timestamp;
        }
        if (f.cursor) {
          this.cursor = f.cursor;
          this.cursorRefused = false;
        }
        if (fresh.length) this.o.onEvents(fresh);
        return;
      }
      case 'GAP':
        if (f.subscriptionId && f.subscriptionId !== this.subscriptionId) return;
        if (this.o.onGap) this.o.onGap(f);
        return;
      case 'TOKEN_EXPIRED':
        // The server closes with 4401 next; the reconnect fetches a fresh token.
        return;
      default:
        return;
    }
  }
}
