import { useState } from 'preact/hooks';
import { allPages } from '../api.js';
import { formatAgo, formatBytes, formatDateTime } from '../format.js';
import { Link, navigate, path } from '../router.jsx';
import { ErrorBox, FilterBox, TableScroll, useLoad, useTitle } from '../ui.jsx';

/** The live-tail route of a group, for some streams (none = all). */
export function tailHref(group, streams = []) {
  const q = new URLSearchParams();
  for (const s of streams) q.append('stream', s);
  const qs = q.toString();
  return path('logs', group, 'tail') + (qs ? `?${qs}` : '');
}

export function Streams({ params }) {
  const group = params.group;
  useTitle(group);
  const [filter, setFilter] = useState('');
  const [picked, setPicked] = useState([]);
  const { data, error, loading } = useLoad(
    (signal) => allPages(`/api/log/groups/${encodeURIComponent(group)}/streams?orderBy=LastEventTime`, 'logStreams', { signal, maxPages: 10 }),
    [group],
    30_000,
  );
  const all = data ? data.items : [];
  const shown = all.filter((s) => s.logStreamName.toLowerCase().includes(filter.toLowerCase()));
  const toggle = (name, on) => setPicked((p) => (on ? [...p, name] : p.filter((n) => n !== name)));

  return (
    <>
      <h1 tabIndex={-1} class="break">
        {group}
      </h1>
      <div class="toolbar">
        <button type="button" onClick={() => navigate(tailHref(group))}>
          Live tail
        </button>
        <button type="button" class="secondary" disabled={!picked.length} onClick={() => navigate(tailHref(group, picked))}>
          Tail selected streams{picked.length ? ` (${picked.length})` : ''}
        </button>
        <FilterBox label="Filter log streams" value={filter} onInput={setFilter} placeholder="part of a name" />
      </div>
      <ErrorBox error={error}>Could not load the streams.</ErrorBox>
      <TableScroll label="Log streams">
        <table>
          <caption class="visually-hidden">Log streams</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Last event</th>
              <th scope="col">Stored</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.logStreamName}>
                <th scope="row">
                  <span class="pick">
                    <input
                      type="checkbox"
                      aria-label={`Select ${s.logStreamName}`}
                      checked={picked.includes(s.logStreamName)}
                      onChange={(e) => toggle(s.logStreamName, e.currentTarget.checked)}
                    />
                    <Link href={tailHref(group, [s.logStreamName])}>{s.logStreamName}</Link>
                  </span>
                </th>
                <td>
                  {s.lastEventTimestamp ? (
                    <time datetime={new Date(s.lastEventTimestamp).toISOString()} title={formatDateTime(s.lastEventTimestamp)}>
                      {formatAgo(s.lastEventTimestamp)}
                    </time>
                  ) : (
                    '—'
                  )}
                </td>
                <td class="num">{formatBytes(s.storedBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {!data && loading ? <p class="muted">Loading…</p> : null}
      {data && !shown.length ? <p class="muted">{all.length ? 'No stream matches the filter.' : 'This group has no streams yet.'}</p> : null}
      {data ? <p class="muted small">{`${all.length} streams, most recent first${data.more ? ' (the first pages only)' : ''}`}</p> : null}
    </>
  );
}
