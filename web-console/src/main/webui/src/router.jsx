// A small history-API router: routes are paths whose segments are percent-encoded one by one, so a log group named
// /var/log/messages travels as one segment (%2Fvar%2Flog%2Fmessages). The server answers every client route with
// index.html (Quinoa's SPA routing).
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();
const notify = () => listeners.forEach((fn) => fn());
window.addEventListener('popstate', notify);

export function currentLocation() {
  return { path: location.pathname, query: new URLSearchParams(location.search), href: location.pathname + location.search };
}

export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', to);
  notify();
}

export function useLocation() {
  const [loc, setLoc] = useState(currentLocation);
  useEffect(() => {
    const fn = () => setLoc(currentLocation());
    listeners.add(fn);
    return () => listeners.delete(fn);
  }, []);
  return loc;
}

/** Builds a path from raw segments, each percent-encoded: path('logs', '/var/log/messages') → /logs/%2Fvar%2Flog%2Fmessages. */
export function path(...segments) {
  return '/' + segments.map((s) => encodeURIComponent(s)).join('/');
}

/** Matches a pattern like /logs/:group/tail against a pathname; returns decoded params or null. */
export function match(pattern, pathname) {
  const want = pattern.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(got[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== got[i]) return null;
  }
  return params;
}

/** An <a> that navigates in the app on a plain click and lets the browser handle new-tab clicks. */
export function Link({ href, children, ...rest }) {
  const onClick = (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
