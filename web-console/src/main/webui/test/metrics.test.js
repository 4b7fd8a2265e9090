import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricFromQuery, metricLabel, metricQuery, rangeBounds, sameMetric } from '../src/metrics.js';

const cpu = { namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: [{ name: 'InstanceId', value: 'i-1' }] };
const bytes = {
  namespace: 'Etherwatch/Host',
  metricName: 'Bytes',
  dimensions: [
    { name: 'Direction', value: 'in' },
    { name: 'Host', value: 'web1' },
    { name: 'Protocol', value: 'ssh' },
  ],
};

test('links are named by the metric, with the dimensions that tell metrics apart', () => {
  assert.equal(metricLabel(cpu), 'CPUUtilization');
  assert.equal(metricLabel(bytes), 'Bytes (in ssh)');
});

test('a metric round-trips through the URL query', () => {
  const q = new URLSearchParams(metricQuery(bytes).toString());
  assert.equal(sameMetric(bytes, q), true);
  assert.equal(sameMetric(cpu, q), false);
  assert.deepEqual(metricFromQuery(q), bytes);
  assert.equal(metricFromQuery(new URLSearchParams('')), null);
});

test('ranges end now, custom ranges need a start before the end', () => {
  const now = 1_800_000_000_000;
  assert.deepEqual(rangeBounds(new URLSearchParams('range=1h'), now), [now - 3600e3, null]);
  assert.deepEqual(rangeBounds(new URLSearchParams(''), now), [now - 86400e3, null]);
  const custom = new URLSearchParams('range=custom&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z');
  assert.deepEqual(rangeBounds(custom, now), [Date.parse('2026-12-01T00:00:00Z'), Date.parse('2026-12-02T00:00:00Z')]);
  assert.equal(rangeBounds(new URLSearchParams('range=custom&from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z'), now), null);
});
