import { useEffect, useRef, useState } from 'preact/hooks';
import { lastEndReason, signIn } from '../session.js';
import { useTitle } from '../ui.jsx';

export function SignIn() {
  useTitle('Sign in');
  const [error, setError] = useState(lastEndReason());
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [, setNow] = useState(0);
  const user = useRef(null);

  useEffect(() => user.current && user.current.focus(), []);
  // While throttled, count the wait down so the button comes back by itself.
  useEffect(() => {
    if (!waitUntil) return;
    const t = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= waitUntil) setWaitUntil(0);
    }, 500);
    return () => clearInterval(t);
  }, [waitUntil]);

  const submit = async (e) => {
    e.preventDefault();
    const form = e.currentTarget;
    setBusy(true);
    setError('');
    try {
      await signIn(form.username.value, form.password.value);
    } catch (err) {
      setError(err.message || 'Sign-in failed.');
      if (err.retryAfter) setWaitUntil(Date.now() + err.retryAfter * 1000);
      form.password.value = '';
      form.password.focus();
    } finally {
      setBusy(false);
    }
  };

  const waiting = waitUntil > Date.now() ? Math.ceil((waitUntil - Date.now()) / 1000) : 0;
  return (
    <div class="signin">
      <h1 tabIndex={-1}>
        <img src="/favicon.svg" alt="" width="32" height="32" /> Etherwatch
      </h1>
      <p class="lede">Sign in to watch your network: instances, metrics and live logs.</p>
      <form onSubmit={submit} class="card stack" novalidate>
        <div class="field">
          <label for="username">Username</label>
          <input id="username" name="username" ref={user} autocomplete="username" autocapitalize="none" spellcheck={false} required />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        {error ? (
          <div role="alert" class="error">
            {error}
          </div>
        ) : null}
        <button type="submit" disabled={busy || waiting > 0} aria-describedby={waiting ? 'wait' : undefined}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {waiting ? (
          <p id="wait" class="muted">
            You can try again in {waiting} s.
          </p>
        ) : null}
      </form>
    </div>
  );
}
