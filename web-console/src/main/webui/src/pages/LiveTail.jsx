import { useEffect, useRef, useState } from 'preact/hooks';
import { parsePattern } from '../filterPattern.js';
import { LogView, WINDOW } from '../logview.js';
import { Link, navigate, path } from '../router.jsx';
import { freshToken, onSession } from '../session.js';
import { TailClient } from '../tail.js';
import { useTitle } from '../ui.jsx';

const SINCE = [
  ['live', 'Live (from now)', 0],
  ['5m', 'Last 5 minutes', 5 * 60e3],
  ['1h', 'Last hour', 3600e3],
];
const STATE_WORD = { connected: 'Connected', reconnecting: 'Reconnecting', disconnected: 'Disconnected' };

function gapText(f) {
  if (f.reason === 'slow_consumer') {
    return `gap: ${f.missed != null ? `${f.missed} events` : 'events'} were skipped because this view fell behind (slow consumer)`;
  }
  if (f.reason === 'retention') return 'gap: some events are missing here: Kafka no longer keeps them (retention)';
  return `gap: events were skipped (${f.reason || 'unknown reason'})`;
}

export function LiveTail({ params, query }) {
  const group = params.group;
  const streams = query.getAll('stream');
  const since = query.get('since') || 'live';
  const initialFilter = query.get('filter') || '';
  useTitle(`Live tail · ${group}`);

  const logEl = useRef(null);
  const view = useRef(null);
  const client = useRef(null);
  const paused = useRef(false);
  const held = useRef([]);
  const [isPaused, setPaused] = useState(false);
  const [heldCount, setHeldCount] = useState(0);
  const [state, setState] = useState({ word: 'Disconnected', detail: 'Connecting…' });
  const [following, setFollowing] = useState(true);
  const [received, setReceived] = useState(0);
  const [filterText, setFilterText] = useState(initialFilter);
  const [applied, setApplied] = useState(initialFilter);
  const [filterError, setFilterError] = useState('');
  const [refused, setRefused] = useState('');

  // One client per group, stream choice and "since"; the filter is changed on the open subscription.
  useEffect(() => {
    const v = new LogView(logEl.current, { onScrollState: setFollowing });
    view.current = v;
    v.setPattern(parsePattern(applied));
    const startMs = SINCE.find(([k]) => k === since)?.[2] || 0;
    let count = 0;
    const deliver = (items) => {
      if (paused.current) {
        for (const it of items) held.current.push(it);
        setHeldCount(held.current.length);
      } else v.push(items);
    };
    const c = new TailClient({
      group,
      streams,
      filterPattern: applied,
      since: startMs ? Date.now() - startMs : null,
      getToken: freshToken,
      onEvents: (events) => {
        count += events.length;
        setReceived(count);
        deliver(events.map((ev) => ({ kind: 'event', ev })));
      },
      onGap: (f) => deliver([{ kind: 'gap', text: gapText(f) }]),
      onState: (s, detail) => {
        setState({ word: STATE_WORD[s], detail });
        if (s === 'disconnected' && detail && detail !== 'Stopped') setRefused(detail);
        if (s === 'connected') setRefused('');
      },
    });
    client.current = c;
    c.start();
    // A refreshed token goes to the open connection before the old one expires.
    const off = onSession((s) => {
      if (s) c.reauthenticate(s.token);
    });
    const online = () => c.retryNow();
    window.addEventListener('online', online);
    return () => {
      off();
      window.removeEventListener('online', online);
      c.stop();
      v.destroy();
      held.current = [];
      setHeldCount(0);
    };
  }, [group, streams.join('\u0000'), since]);

  const togglePause = () => {
    if (paused.current) {
      paused.current = false;
      const items = held.current;
      held.current = [];
      setHeldCount(0);
      view.current.push(items);
      setPaused(false);
    } else {
      paused.current = true;
      setPaused(true);
    }
  };

  const applyFilter = (e) => {
    e.preventDefault();
    const parsed = parsePattern(filterText);
    if (!parsed) {
      setFilterError('Only term patterns are supported: words, "quoted phrases", -excluded and ?optional terms.');
      return;
    }
    setFilterError('');
    setApplied(filterText.trim());
    view.current.setPattern(parsed);
    client.current.setFilter(filterText.trim());
    const q = new URLSearchParams(query);
    if (filterText.trim()) q.set('filter', filterText.trim());
    else q.delete('filter');
    history.replaceState(null, '', `${location.pathname}?${q}`);
  };

  const changeSince = (e) => {
    const q = new URLSearchParams(query);
    if (e.currentTarget.value === 'live') q.delete('since');
    else q.set('since', e.currentTarget.value);
    if (applied) q.set('filter', applied);
    const qs = q.toString();
    navigate(`${location.pathname}${qs ? `?${qs}` : ''}`, { replace: true });
  };

  return (
    <div class="tail-page">
      <p class="crumbs">
        Streams of <Link href={path('logs', group)}>{group}</Link>
      </p>
      <h1 tabIndex={-1} class="break">
        Live tail: {group}
      </h1>
      <p class="muted small">
        {streams.length ? `Streams: ${streams.join(', ')}` : 'All streams of the group'} · showing the last {WINDOW.toLocaleString('en-US')} lines
      </p>
      <div class="tail-controls">
        <button type="button" onClick={togglePause} class={isPaused ? 'warn' : ''}>
          {isPaused ? 'Resume' : 'Pause'}
        </button>
        <form class="filter-form" onSubmit={applyFilter} role="search" aria-label="Narrow the events">
          <label for="filter-pattern">Filter pattern</label>
          <input
            id="filter-pattern"
            type="text"
            value={filterText}
            onInput={(e) => setFilterText(e.currentTarget.value)}
            placeholder='ERROR -healthcheck ?WARN "two words"'
            autocomplete="off"
            spellcheck={false}
            aria-describedby="filter-help"
          />
          <button type="submit" class="secondary">
            Apply filter
          </button>
        </form>
        <div class="field inline">
          <label for="since">Since</label>
          <select id="since" value={since} onChange={changeSince}>
            {SINCE.map(([k, text]) => (
              <option value={k} key={k}>
                {text}
              </option>
            ))}
          </select>
        </div>
        <p class={`conn conn-${state.word.toLowerCase()}`}>
          <span class="dot" aria-hidden="true"></span>
          <span role="status">{state.word}</span>
          {state.detail && state.word !== 'Connected' ? <span class="muted small"> ({state.detail})</span> : null}
        </p>
      </div>
      <p id="filter-help" class="muted small">
        CloudWatch terms: all words must appear; <code>-word</code> excludes, <code>?a ?b</code> needs one of them, quotes keep a phrase. Case-sensitive.
      </p>
      {filterError ? (
        <div role="alert" class="error">
          {filterError}
        </div>
      ) : null}
      {refused ? (
        <div role="alert" class="error">
          The live tail stopped: {refused}
        </div>
      ) : null}
      <p class="tail-info small">
        {isPaused ? <strong>Paused: {heldCount.toLocaleString('en-US')} new events held, shown on Resume. </strong> : null}
        {received.toLocaleString('en-US')} events received
      </p>
      <div class="log" role="log" aria-label="Live tail" tabIndex={0} ref={logEl} />
      {!following ? (
        <button type="button" class="jump" onClick={() => view.current.toEnd()}>
          Jump to the latest lines
        </button>
      ) : null}
    </div>
  );
}
