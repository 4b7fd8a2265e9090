import assert from 'node:assert/strict';
import { test } from 'node:test';
import { highlight, matches, parsePattern } from '../src/filterPattern.js';

test('parses plain, excluded, optional and quoted terms', () => {
  assert.deepEqual(parsePattern('ERROR -healthcheck ?WARN ?"disk full" "connection reset"'), {
    all: ['ERROR', 'connection reset'],
    any: ['WARN', 'disk full'],
    none: ['healthcheck'],
  });
  assert.deepEqual(parsePattern('  '), { all: [], any: [], none: [] });
});

test('JSON and space-delimited patterns are refused, as push-service refuses them', () => {
  assert.equal(parsePattern('{ $.level = "ERROR" }'), null);
  assert.equal(parsePattern('[ip, user]'), null);
});

test('matches like CloudWatch: every term, none excluded, one optional', () => {
  const p = parsePattern('sshd -Accepted ?Invalid ?Failed');
  assert.equal(matches(p, 'sshd[1]: Invalid user support'), true);
  assert.equal(matches(p, 'sshd[1]: Accepted publickey'), false);
  assert.equal(matches(p, 'sshd[1]: Connection closed'), false);
  assert.equal(matches(p, 'kernel: Invalid'), false);
  assert.equal(matches(parsePattern('error'), 'ERROR'), false, 'case-sensitive');
});

test('highlights every occurrence of positive terms, not excluded ones', () => {
  const parts = highlight(parsePattern('in -out'), 'ssh-in packets in');
  assert.deepEqual(parts, [
    { text: 'ssh-', hit: false },
    { text: 'in', hit: true },
    { text: ' packets ', hit: false },
    { text: 'in', hit: true },
  ]);
  assert.deepEqual(highlight(parsePattern(''), 'x'), [{ text: 'x', hit: false }]);
});
