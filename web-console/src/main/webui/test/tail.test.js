import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bearerProtocols, TailClient } from '../src/tail.js';

// A scripted stand-in for the browser's WebSocket: records what the client sends, lets the test deliver frames.
class FakeSocket {
  static all = [];
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.sent = [];
    this.readyState = 0;
    FakeSocket.all.push(this);
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  close(code = 1000) {
    this.readyState = 3;
    this.onclose && this.onclose({ code });
  }
  open() {
    this.readyState = 1;
    this.onopen();
  }
  deliver(frame) {
    this.onmessage({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose({ code });
  }
}

function setup(extra = {}) {
  FakeSocket.all = [];
  const got = [];
  const states = [];
  const gaps = [];
  const timers = [];
  const client = new TailClient({
    url: 'ws://console/ws',
    group: 'app',
    streams: ['a'],
    since: null,
    getToken: async () => 'jwt',
    onEvents: (events) => got.push(...events.map((e) => e.eventId)),
    onGap: (g) => gaps.push(g),
    onState: (s) => states.push(s),
    WebSocket: FakeSocket,
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => {},
    now: () => 1000,
    ...extra,
  });
  return { client, got, states, gaps, timers };
}

const tick = () => new Promise((r) => setImmediate(r));
const events = (...ids) => ids.map((id) => ({ eventId: id, logStreamName: 'a', timestamp: Number(id), message: 'm' + id }));

test('the token travels in the bearer subprotocol carrier, never in the URL', () => {
  assert.deepEqual(bearerProtocols('abc'), ['bearer-token-carrier', 'quarkus-http-upgrade%23Authorization%23Bearer%20abc']);
});

test('subscribes, then resumes after the last cursor on reconnect without duplicates', async () => {
  const { client, got, states } = setup();
  client.start();
  await tick();
  const s1 = FakeSocket.all[0];
  assert.equal(s1.url, 'ws://console/ws');
  s1.open();
  assert.equal(s1.sent[0].type, 'LOG_STREAM_REQUEST');
  assert.deepEqual(s1.sent[0].logStreamNames, ['a']);
  assert.equal(s1.sent[0].resume, undefined);
  s1.deliver({ type: 'LOG_STREAM_REPLY', requestId: s1.sent[0].requestId, success: true, subscriptionId: 'sub1' });
  assert.equal(states.at(-1), 'connected');
  s1.deliver({ type: 'LOG_EVENTS', subscriptionId: 'sub1', events: events('1', '2'), cursor: 'c2' });
  s1.drop();
  assert.equal(states.at(-1), 'reconnecting');

  await client.connect();
  const s2 = FakeSocket.all[1];
  s2.open();
  assert.equal(s2.sent[0].resume, 'c2');
  assert.equal(s2.sent[0].since, undefined);
  s2.deliver({ type: 'LOG_STREAM_REPLY', requestId: s2.sent[0].requestId, success: true, subscriptionId: 'sub2' });
  // The server may repeat an event at a seam: shown once.
  s2.deliver({ type: 'LOG_EVENTS', subscriptionId: 'sub2', events: events('2', '3'), cursor: 'c3' });
  assert.deepEqual(got, ['1', '2', '3']);
  client.stop();
  assert.equal(states.at(-1), 'disconnected');
});

test('a reconnect before any event asks for what came since the first subscription', async () => {
  const { client } = setup();
  client.start();
  await tick();
  const s1 = FakeSocket.all[0];
  s1.open();
  s1.deliver({ type: 'LOG_STREAM_REPLY', requestId: s1.sent[0].requestId, success: true, subscriptionId: 'sub1' });
  s1.drop();
  await client.connect();
  const s2 = FakeSocket.all[1];
  s2.open();
  assert.equal(s2.sent[0].since, 1000);
});

test('GAP frames are reported, frames of other subscriptions ignored', async () => {
  const { client, got, gaps } = setup();
  client.start();
  await tick();
  const s = FakeSocket.all[0];
  s.open();
  s.deliver({ type: 'LOG_STREAM_REPLY', requestId: s.sent[0].requestId, success: true, subscriptionId: 'sub1' });
  s.deliver({ type: 'GAP', subscriptionId: 'sub1', reason: 'slow_consumer', missed: 7 });
  s.deliver({ type: 'LOG_EVENTS', subscriptionId: 'old', events: events('9'), cursor: 'x' });
  assert.deepEqual(gaps, [{ type: 'GAP', subscriptionId: 'sub1', reason: 'slow_consumer', missed: 7 }]);
  assert.deepEqual(got, []);
});

test('a new filter replaces the subscription and resumes after the last frame', async () => {
  const { client } = setup();
  client.start();
  await tick();
  const s = FakeSocket.all[0];
  s.open();
  s.deliver({ type: 'LOG_STREAM_REPLY', requestId: s.sent[0].requestId, success: true, subscriptionId: 'sub1' });
  s.deliver({ type: 'LOG_EVENTS', subscriptionId: 'sub1', events: events('1'), cursor: 'c1' });
  client.setFilter('ERROR');
  assert.deepEqual(s.sent[1], { type: 'LOG_STREAM_STOP', subscriptionId: 'sub1' });
  assert.equal(s.sent[2].filterPattern, 'ERROR');
  assert.equal(s.sent[2].resume, 'c1');
});

test('a refused request (forbidden) stops for good with the reason', async () => {
  const { client, states } = setup();
  client.start();
  await tick();
  const s = FakeSocket.all[0];
  s.open();
  s.deliver({ type: 'LOG_STREAM_REPLY', requestId: s.sent[0].requestId, success: false, error: 'forbidden', message: 'not allowed' });
  assert.equal(states.at(-1), 'disconnected');
  assert.equal(client.stopped, true);
});

test('a cursor the server no longer accepts falls back to the last event time', async () => {
  const { client } = setup();
  client.start();
  await tick();
  const s1 = FakeSocket.all[0];
  s1.open();
  s1.deliver({ type: 'LOG_STREAM_REPLY', requestId: s1.sent[0].requestId, success: true, subscriptionId: 'sub1' });
  s1.deliver({ type: 'LOG_EVENTS', subscriptionId: 'sub1', events: events('5'), cursor: 'c5' });
  s1.drop();
  await client.connect();
  const s2 = FakeSocket.all[1];
  s2.open();
  s2.deliver({ type: 'LOG_STREAM_REPLY', requestId: s2.sent[0].requestId, success: false, error: 'bad_request', message: 'cursor' });
  assert.equal(s2.sent[1].resume, undefined);
  assert.equal(s2.sent[1].since, 5);
});
