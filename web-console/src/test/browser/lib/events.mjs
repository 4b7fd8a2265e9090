// Numbered test events: written through the AWS API, found again in the live tail's text and in the WebSocket frames the
// page receives, and compared as sets (every one once, in order per stream).

/** One event's message: `run=<run> stream=<stream> n=<n> <INFO all good|ERROR disk full>`. */
export function message(run, stream, n, level = 'INFO') {
  return `run=${run} stream=${stream} n=${n} ${level === 'ERROR' ? 'ERROR disk full' : 'INFO all good'}`;
}

/** The test events found in a text, in text order: [{stream, n, level}]. */
export function parse(run, text) {
  const found = [];
  const pattern = new RegExp(`run=${run} stream=(\\S+) n=(\\d+) (INFO|ERROR)`, 'g');
  for (const m of text.matchAll(pattern)) found.push({ stream: m[1], n: Number(m[2]), level: m[3] });
  return found;
}

export const key = (e) => `${e.stream}#${e.n}`;

/**
 * Compares what was seen with what was expected: the expected keys missing, those seen more than once, the streams
 * whose numbers go backwards, and keys seen that were not expected (only among `among`, when given).
 */
export function compare(seen, expected, among = null) {
  const want = new Set(expected.map(key));
  const counts = new Map();
  for (const e of seen) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
  const missing = [...want].filter((k) => !counts.has(k));
  const duplicated = [...counts].filter(([, c]) => c > 1).map(([k, c]) => `${k}×${c}`);
  const last = new Map();
  const backwards = [];
  for (const e of seen) {
    if (last.has(e.stream) && e.n < last.get(e.stream)) backwards.push(`${e.stream}: ${last.get(e.stream)} before ${e.n}`);
    last.set(e.stream, e.n);
  }
  const unexpected = among ? [...counts.keys()].filter((k) => among.has(k) && !want.has(k)) : [];
  return { missing, duplicated, backwards, unexpected, ok: !missing.length && !duplicated.length && !backwards.length && !unexpected.length };
}

/** A one-line account of compare()'s result. */
export function describe(result, seenCount) {
  const part = (name, list) => (list.length ? `, ${list.length} ${name} (${list.slice(0, 8).join(' ')})` : '');
  return `${seenCount} shown${part('missing', result.missing)}${part('duplicated', result.duplicated)}`
    + `${part('out of order', result.backwards)}${part('that must not be shown', result.unexpected)}`;
}

/** Events n = from … to-1 over the streams in turn: [{stream, n, level}], every `errorEvery`-th an ERROR. */
export function numbered(streams, from, to, errorEvery = 0) {
  const list = [];
  for (let n = from; n < to; n++) {
    list.push({ stream: streams[n % streams.length], n, level: errorEvery && n % errorEvery === 0 ? 'ERROR' : 'INFO' });
  }
  return list;
}
