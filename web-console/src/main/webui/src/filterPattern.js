// CloudWatch Logs' plain term filter patterns, as push-service accepts them (docs/api/push.md "Filter patterns"):
// terms that must all appear, `-term` that must not, `?term` of which one must appear, "quoted phrases".
// Used to highlight what matched, and to narrow the lines already shown when the pattern changes.

/** Parses a pattern into {all, any, none} term lists; null for JSON or space-delimited patterns push refuses. */
export function parsePattern(pattern) {
  const text = (pattern || '').trim();
  const parsed = { all: [], any: [], none: [] };
  if (!text) return parsed;
  if (text.startsWith('{') || text.startsWith('[')) return null;
  const re = /([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    if (!term) continue;
    (m[1] === '-' ? parsed.none : m[1] === '?' ? parsed.any : parsed.all).push(term);
  }
  return parsed;
}

/** True when the message passes the parsed pattern (case-sensitive substrings, like CloudWatch). */
export function matches(parsed, message) {
  if (!parsed) return true;
  if (parsed.all.some((t) => !message.includes(t))) return false;
  if (parsed.none.some((t) => message.includes(t))) return false;
  if (parsed.any.length && !parsed.any.some((t) => message.includes(t))) return false;
  return true;
}

/**
 * Splits a message into [{text, hit}] parts where hit marks a positive term of the pattern (plain and `?` terms),
 * longest term first where two overlap.
 */
export function highlight(parsed, message) {
  const terms = parsed ? [...parsed.all, ...parsed.any].filter(Boolean) : [];
  if (!terms.length) return [{ text: message, hit: false }];
  const marks = new Uint8Array(message.length);
  for (const term of terms) {
    let at = message.indexOf(term);
    while (at !== -1) {
      marks.fill(1, at, at + term.length);
      at = message.indexOf(term, at + term.length);
    }
  }
  const parts = [];
  let start = 0;
  for (let i = 1; i <= message.length; i++) {
    if (i === message.length || marks[i] !== marks[start]) {
      parts.push({ text: message.slice(start, i), hit: marks[start] === 1 });
      start = i;
    }
  }
  return parts.length ? parts : [{ text: message, hit: false }];
}
