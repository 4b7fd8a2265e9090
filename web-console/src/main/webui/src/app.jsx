// Routes (DESIGN §11): /signin, /instances, /instances/:id, /network, /logs, /logs/:group, /logs/:group/tail, /users.
import { useEffect, useRef, useState } from 'preact/hooks';
import { getSession, isAdmin, onSession, signedOutByUser, signOut } from './session.js';
import { Link, match, navigate, useLocation } from './router.jsx';
import { SignIn } from './pages/SignIn.jsx';
import { Instances } from './pages/Instances.jsx';
import { Instance } from './pages/Instance.jsx';
import { Network } from './pages/Network.jsx';
import { LogGroups } from './pages/LogGroups.jsx';
import { Streams } from './pages/Streams.jsx';
import { LiveTail } from './pages/LiveTail.jsx';
import { Users } from './pages/Users.jsx';

const ROUTES = [
  ['/instances', Instances, 'Instances'],
  ['/instances/:id', Instance, 'Instances'],
  ['/network', Network, 'Instances'],
  ['/logs', LogGroups, 'Log groups'],
  ['/logs/:group', Streams, 'Log groups'],
  ['/logs/:group/tail', LiveTail, 'Log groups'],
  ['/users', Users, 'Users'],
];

function useSession() {
  const [s, setS] = useState(getSession);
  useEffect(() => onSession((next) => setS(next)), []);
  return s;
}

export function App() {
  const loc = useLocation();
  const session = useSession();
  const main = useRef(null);

  // Signed out (by the user, another tab, or a refused token): to sign-in, coming back here afterwards.
  useEffect(() => {
    if (!session && loc.path !== '/signin') {
      // After a deliberate sign-out start afresh; after an ended session come back to the same screen.
      const next = loc.path === '/' || signedOutByUser() ? '' : `?next=${encodeURIComponent(loc.href)}`;
      navigate(`/signin${next}`, { replace: true });
    } else if (session && (loc.path === '/' || loc.path === '/signin')) {
      const next = loc.query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/instances', { replace: true });
    }
  }, [session, loc.href]);

  // A new screen: move focus to its heading so that keyboard and screen-reader users start there.
  useEffect(() => {
    const h = main.current && main.current.querySelector('h1');
    if (h && document.activeElement !== h && !main.current.contains(document.activeElement)) h.focus({ preventScroll: false });
  }, [loc.path]);

  if (!session || loc.path === '/signin' || loc.path === '/') {
    return (
      <main id="main" ref={main} class="signin-page">
        {!session ? <SignIn /> : null}
      </main>
    );
  }

  let page = null;
  let section = '';
  for (const [pattern, Page, nav] of ROUTES) {
    const params = match(pattern, loc.path);
    if (params) {
      if (pattern === '/users' && !isAdmin()) break;
      page = <Page params={params} query={loc.query} key={pattern} />;
      section = nav;
      break;
    }
  }
  if (!page) page = <NotFound />;

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/instances" class="brand">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          Etherwatch
        </Link>
        <nav aria-label="Main">
          <ul>
            <NavLink href="/instances" label="Instances" current={section} />
            <NavLink href="/logs" label="Log groups" current={section} />
            {isAdmin() ? <NavLink href="/users" label="Users" current={section} /> : null}
          </ul>
        </nav>
        <div class="who">
          <span class="user" title="Signed in as">
            <span class="visually-hidden">Signed in as </span>
            <span>{session.user.name}</span>
          </span>
          <button type="button" class="secondary" onClick={(e) => {
            e.currentTarget.disabled = true;
            signOut();
          }}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

function NavLink({ href, label, current }) {
  return (
    <li>
      <Link href={href} aria-current={current === label ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
}

function NotFound() {
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        Nothing lives at this address: choose a screen in the navigation above.
      </p>
    </>
  );
}
