// Formatting of figures, sizes and times for the screens. Pure functions (unit-tested in test/format.test.js).

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes as B / KiB / MiB / GiB (powers of 1024), e.g. 35576 → "34.7 KiB". */
export function formatBytes(bytes, suffix = '') {
  if (bytes == null || !Number.isFinite(bytes)) return '—';
  let value = Math.abs(bytes);
  let i = 0;
  while (value >= 1024 && i < BINARY.length - 1) {
    value /= 1024;
    i++;
  }
  const sign = bytes < 0 ? '-' : '';
  const digits = i === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${sign}${value.toFixed(digits)} ${BINARY[i]}${suffix}`;
}

/** A plain number with at most 3 significant decimals and thousands separators. */
export function formatNumber(value) {
  if (value == null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const max = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { maximumFractionDigits: max });
}

const SI = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/**
 * A CloudWatch figure in its unit (StandardUnit names): bytes as KiB/MiB, bits and rates likewise, percent with "%",
 * seconds and counts as numbers with their unit.
 */
export function formatMetric(value, unit) {
  if (value == null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'Bytes':
      return formatBytes(value);
    case 'Kilobytes':
      return formatBytes(value * 1024);
    case 'Megabytes':
      return formatBytes(value * 1024 * 1024);
    case 'Gigabytes':
      return formatBytes(value * 1024 ** 3);
    case 'Bytes/Second':
      return formatBytes(value, '/s');
    case 'Percent':
      return `${formatNumber(value)} %`;
    case 'Seconds':
      return `${formatNumber(value)} s`;
    case 'Milliseconds':
      return `${formatNumber(value)} ms`;
    case 'Microseconds':
      return `${formatNumber(value)} µs`;
    case 'Bits':
    case 'Bits/Second':
    case 'Count/Second': {
      const per = unit === 'Bits' ? ' bit' : unit === 'Bits/Second' ? ' bit/s' : '/s';
      for (const [scale, prefix] of SI) {
        if (Math.abs(value) >= scale) return `${formatNumber(value / scale)} ${prefix}${per.trim()}`;
      }
      return `${formatNumber(value)}${per}`;
    }
    case 'Count':
    case 'None':
    case null:
    case undefined:
      return formatNumber(value);
    default:
      return `${formatNumber(value)} ${unit}`;
  }
}

/** A period in seconds as the people read it: "60 s (1 min)", "1800 s (30 min)", "7200 s (2 h)". */
export function formatPeriod(seconds) {
  if (seconds == null) return '—';
  let human;
  if (seconds % 86400 === 0) human = `${seconds / 86400} d`;
  else if (seconds % 3600 === 0) human = `${seconds / 3600} h`;
  else if (seconds % 60 === 0) human = `${seconds / 60} min`;
  else return `${seconds} s`;
  return `${seconds} s (${human})`;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Local date and time, "2026-12-08 14:03:12" (sortable, unambiguous, no locale surprises). */
export function formatDateTime(value) {
  if (value == null) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local time with milliseconds for log lines, "14:03:12.437". */
export function formatLogTime(epochMs) {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "3 min ago", "2 h ago", "5 d ago" relative to now (ms). */
export function formatAgo(value, now = Date.now()) {
  if (value == null) return '—';
  const s = Math.max(0, Math.round((now - new Date(value).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

/** Retention in days as CloudWatch states it; null means the group never expires its events. */
export function formatRetention(days) {
  if (days == null) return 'Never expire';
  return days === 1 ? '1 day' : `${days} days`;
}
