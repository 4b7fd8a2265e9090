import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatMetric, formatPeriod, formatRetention } from '../src/format.js';

test('bytes are shown in binary units', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(1023), '1023 B');
  assert.equal(formatBytes(35576), '34.7 KiB');
  assert.equal(formatBytes(5 * 1024 * 1024), '5.00 MiB');
  assert.equal(formatBytes(null), '—');
});

test('metric figures follow their CloudWatch unit', () => {
  assert.equal(formatMetric(12.62133, 'Percent'), '12.6 %');
  assert.equal(formatMetric(2048, 'Bytes'), '2.00 KiB');
  assert.equal(formatMetric(1536, 'Bytes/Second'), '1.50 KiB/s');
  assert.equal(formatMetric(4033, 'Count'), '4,033');
  assert.equal(formatMetric(2_500_000, 'Bits/Second'), '2.5 Mbit/s');
  assert.equal(formatMetric(null, 'Percent'), '—');
});

test('periods say their seconds and a readable length', () => {
  assert.equal(formatPeriod(60), '60 s (1 min)');
  assert.equal(formatPeriod(420), '420 s (7 min)');
  assert.equal(formatPeriod(7200), '7200 s (2 h)');
  assert.equal(formatPeriod(86400), '86400 s (1 d)');
});

test('a group without retention never expires its events', () => {
  assert.equal(formatRetention(null), 'Never expire');
  assert.equal(formatRetention(30), '30 days');
});
