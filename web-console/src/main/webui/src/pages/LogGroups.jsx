import { useState } from 'preact/hooks';
import { allPages } from '../api.js';
import { formatBytes, formatDateTime, formatRetention } from '../format.js';
import { Link, path } from '../router.jsx';
import { ErrorBox, FilterBox, TableScroll, useLoad, useTitle } from '../ui.jsx';

export function LogGroups() {
  useTitle('Log groups');
  const [filter, setFilter] = useState('');
  const { data, error, loading } = useLoad((signal) => allPages('/api/log/groups', 'logGroups', { signal }), [], 60_000);
  const all = data ? data.items : [];
  const needle = filter.toLowerCase();
  const shown = all.filter((g) => g.logGroupName.toLowerCase().includes(needle));
  return (
    <>
      <h1 tabIndex={-1}>Log groups</h1>
      <div class="toolbar">
        <FilterBox label="Filter log groups" value={filter} onInput={setFilter} placeholder="part of a name" />
      </div>
      <ErrorBox error={error}>Could not load the log groups.</ErrorBox>
      <TableScroll label="Log groups">
        <table>
          <caption class="visually-hidden">Log groups</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Stored</th>
              <th scope="col">Retention</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((g) => (
              <tr key={g.logGroupName}>
                <th scope="row">
                  <Link href={path('logs', g.logGroupName)}>{g.logGroupName}</Link>
                </th>
                <td class="num">{formatBytes(g.storedBytes)}</td>
                <td>{formatRetention(g.retentionInDays)}</td>
                <td>{formatDateTime(g.creationTime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {!data && loading ? <p class="muted">Loading…</p> : null}
      {data && !shown.length ? <p class="muted">{all.length ? 'No log group matches the filter.' : 'No log group you may read.'}</p> : null}
      {data ? (
        <p class="muted small">
          {shown.length === all.length ? `${all.length} log groups` : `${shown.length} of ${all.length} log groups`}
          {data.more ? ' (the first pages only: narrow the filter)' : ''}
        </p>
      ) : null}
    </>
  );
}
