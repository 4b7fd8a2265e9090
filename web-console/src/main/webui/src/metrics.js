// Metrics of an instance: naming, their key in the URL, and the time ranges of the metric view.

/** The dimensions that tell an instance's metrics apart (the instance's own id or host name are left out). */
export function metricDetail(m) {
  return (m.dimensions || [])
    .filter((d) => d.name !== 'InstanceId' && d.name !== 'Host')
    .map((d) => d.value)
    .join(' ');
}

/** The link text: the metric name, and the telling dimensions after it ("Bytes (ssh in)"). */
export function metricLabel(m) {
  const detail = metricDetail(m);
  return detail ? `${m.metricName} (${detail})` : m.metricName;
}

/** A metric's key in the URL: namespace, name and its dimensions as query parameters. */
export function metricQuery(m) {
  const q = new URLSearchParams();
  q.set('namespace', m.namespace);
  q.set('metric', m.metricName);
  for (const d of m.dimensions || []) q.append('dimension', `${d.name}=${d.value}`);
  return q;
}

/** The metric a URL names (deep links work before, or without, the instance's metric listing). */
export function metricFromQuery(query) {
  const namespace = query.get('namespace');
  const metricName = query.get('metric');
  if (!namespace || !metricName) return null;
  const dimensions = query.getAll('dimension').map((d) => {
    const at = d.indexOf('=');
    return { name: d.slice(0, at), value: d.slice(at + 1) };
  });
  return { namespace, metricName, dimensions };
}

export function sameMetric(m, query) {
  if (m.namespace !== query.get('namespace') || m.metricName !== query.get('metric')) return false;
  const want = query.getAll('dimension').sort().join('&');
  return (m.dimensions || []).map((d) => `${d.name}=${d.value}`).sort().join('&') === want;
}

export const RANGES = [
  ['1h', 3600e3],
  ['1d', 86400e3],
  ['1w', 7 * 86400e3],
  ['30d', 30 * 86400e3],
  ['90d', 90 * 86400e3],
];

/** [start, end] in epoch ms for a range query ('1h' … '90d', or 'custom' with from/to), end null = now. */
export function rangeBounds(query, now = Date.now()) {
  const range = query.get('range') || '1d';
  if (range === 'custom') {
    const from = Date.parse(query.get('from') || '');
    const to = Date.parse(query.get('to') || '');
    if (Number.isFinite(from) && Number.isFinite(to) && from < to) return [from, to];
    return null;
  }
  const found = RANGES.find(([name]) => name === range) || RANGES[1];
  return [now - found[1], null];
}
