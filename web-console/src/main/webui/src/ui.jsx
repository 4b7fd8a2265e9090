// Small shared pieces of the screens.
import { useEffect, useRef, useState } from 'preact/hooks';

/** Sets document.title for a screen. */
export function useTitle(title) {
  useEffect(() => {
    document.title = title ? `${title} · Etherwatch` : 'Etherwatch';
  }, [title]);
}

/**
 * Loads with fetcher(signal) now, whenever deps change, and every refreshMs while the tab is visible.
 * Returns {data, error, loading, updatedAt, reload}; data stays while a reload runs or fails.
 */
export function useLoad(fetcher, deps, refreshMs = 0) {
  const [state, setState] = useState({ data: null, error: null, loading: true, updatedAt: null });
  const tick = useRef(0);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    const id = ++tick.current;
    setState((s) => ({ ...s, loading: true }));
    let timer = 0;
    let retry = 0;
    fetcher(ctrl.signal).then(
      (data) => id === tick.current && setState({ data, error: null, loading: false, updatedAt: new Date() }),
      (error) => {
        if (id !== tick.current || error.name === 'AbortError') return;
        setState((s) => ({ ...s, error, loading: false }));
        // Unreachable, throttled or restarting upstream: try again by itself (after Retry-After when given).
        if (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504) {
          retry = setTimeout(() => setNonce((n) => n + 1), (error.retryAfter || 5) * 1000);
        }
      },
    );
    if (refreshMs) {
      timer = setTimeout(function again() {
        if (document.visibilityState === 'visible') setNonce((n) => n + 1);
        else timer = setTimeout(again, refreshMs);
      }, refreshMs);
    }
    return () => {
      ctrl.abort();
      clearTimeout(timer);
      clearTimeout(retry);
    };
  }, [...deps, nonce]);
  return { ...state, reload: () => setNonce((n) => n + 1) };
}

/** An error box (role alert) for an ApiError or any Error. */
export function ErrorBox({ error, children }) {
  if (!error) return null;
  return (
    <div role="alert" class="error">
      {children}
      {children ? ' ' : ''}
      {error.message || String(error)}
    </div>
  );
}

/** A labelled text filter. */
export function FilterBox({ label, value, onInput, placeholder }) {
  const id = 'f-' + label.toLowerCase().replace(/\W+/g, '-');
  return (
    <div class="filter">
      <label for={id}>{label}</label>
      <input id={id} type="text" value={value} placeholder={placeholder} onInput={(e) => onInput(e.currentTarget.value)} autocomplete="off" spellcheck={false} />
    </div>
  );
}

/** A scrollable, keyboard-focusable wrapper for a wide table (phones). */
export function TableScroll({ label, children }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={`${label} (scrolls sideways)`}>
      {children}
    </div>
  );
}
