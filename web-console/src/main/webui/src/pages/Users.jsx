import { useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatDateTime } from '../format.js';
import { getSession } from '../session.js';
import { ErrorBox, TableScroll, useLoad, useTitle } from '../ui.jsx';

const ROLES = ['viewer', 'operator', 'admin'];
const patternsOf = (text) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

export function Users() {
  useTitle('Users');
  const list = useLoad((signal) => api('/api/users', { signal }), []);
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState(null); // {kind:'password'|'delete', user}
  const users = list.data ? list.data.users : [];

  return (
    <>
      <h1 tabIndex={-1}>Users</h1>
      <p role="status" class="notice">
        {notice}
      </p>
      <ErrorBox error={list.error}>Could not load the users.</ErrorBox>
      <TableScroll label="Users">
        <table>
          <caption class="visually-hidden">Users</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Roles</th>
              <th scope="col">Log groups</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.username}>
                <th scope="row">
                  {u.username}
                  {getSession() && getSession().user.name === u.username ? <span class="muted small"> (you)</span> : null}
                </th>
                <td>{u.roles.join(', ')}</td>
                <td class="mono">{u.logGroups.length ? u.logGroups.join(', ') : '—'}</td>
                <td>{formatDateTime(u.createdAt)}</td>
                <td class="actions">
                  <button type="button" class="secondary small" aria-label={`Change password of ${u.username}`} onClick={() => setDialog({ kind: 'password', user: u.username })}>
                    Change password
                  </button>
                  <button type="button" class="danger small" aria-label={`Delete ${u.username}`} onClick={() => setDialog({ kind: 'delete', user: u.username })}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {!list.data && list.loading ? <p class="muted">Loading…</p> : null}
      <AddUser
        onAdded={(name) => {
          setNotice(`User ${name} added.`);
          list.reload();
        }}
      />
      {dialog ? (
        <UserDialog
          {...dialog}
          onClose={(message) => {
            setDialog(null);
            if (message) {
              setNotice(message);
              list.reload();
            }
          }}
        />
      ) : null}
    </>
  );
}

function AddUser({ onAdded }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    const roles = ROLES.filter((r) => f[`role-${r}`].checked);
    setBusy(true);
    setError(null);
    try {
      const body = { username: f.newUsername.value.trim(), password: f.newPassword.value, roles: roles.length ? roles : ['viewer'], logGroups: patternsOf(f.logGroups.value) };
      await api('/api/users', { method: 'POST', body });
      f.reset();
      onAdded(body.username);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="add-user-heading" class="card">
      <h2 id="add-user-heading">Add user</h2>
      <form onSubmit={submit} class="stack">
        <div class="field">
          <label for="newUsername">Username</label>
          <input id="newUsername" name="newUsername" required autocomplete="off" autocapitalize="none" spellcheck={false} />
        </div>
        <div class="field">
          <label for="newPassword">Password</label>
          <input id="newPassword" name="newPassword" type="password" required autocomplete="new-password" aria-describedby="pw-help" />
          <p id="pw-help" class="muted small">
            12 to 128 characters, not the username, not a common password.
          </p>
        </div>
        <fieldset>
          <legend>Roles</legend>
          {ROLES.map((r) => (
            <label key={r} class="check">
              <input type="checkbox" name={`role-${r}`} defaultChecked={r === 'viewer'} /> {r}
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for="logGroups">Log group patterns</label>
          <textarea id="logGroups" name="logGroups" rows={3} aria-describedby="lg-help" spellcheck={false} />
          <p id="lg-help" class="muted small">
            One per line (or comma-separated); <code>*</code> matches any text, e.g. <code>etherwatch/*</code>. None: no log group.
          </p>
        </div>
        <ErrorBox error={error}>Could not add the user.</ErrorBox>
        <button type="submit" disabled={busy}>
          Add user
        </button>
      </form>
    </section>
  );
}

/** A modal <dialog> (focus kept inside, Escape closes) to change a password or confirm a deletion. */
function UserDialog({ kind, user, onClose }) {
  const ref = useRef(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const open = (el) => {
    if (el && !el.open) el.showModal();
    ref.current = el;
  };
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (kind === 'password') {
        await api(`/api/users/${encodeURIComponent(user)}`, { method: 'PUT', body: { password: e.currentTarget.changedPassword.value } });
        onClose(`Password of ${user} changed.`);
      } else {
        await api(`/api/users/${encodeURIComponent(user)}`, { method: 'DELETE' });
        onClose(`User ${user} deleted.`);
      }
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const title = kind === 'password' ? `Change the password of ${user}` : `Delete ${user}?`;
  return (
    <dialog ref={open} aria-labelledby="dialog-title" onClose={() => onClose('')} class="card">
      <form onSubmit={submit} class="stack">
        <h2 id="dialog-title">{title}</h2>
        {kind === 'password' ? (
          <div class="field">
            <label for="changedPassword">New password</label>
            <input id="changedPassword" name="changedPassword" type="password" required autocomplete="new-password" />
            <p class="muted small">Signs {user} out everywhere (their refresh tokens are revoked).</p>
          </div>
        ) : (
          <p>The user can no longer sign in. This cannot be undone.</p>
        )}
        <ErrorBox error={error} />
        <div class="row-buttons">
          <button type="submit" class={kind === 'delete' ? 'danger' : ''} disabled={busy}>
            {kind === 'password' ? 'Save password' : 'Delete user'}
          </button>
          <button type="button" class="secondary" onClick={() => ref.current.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
