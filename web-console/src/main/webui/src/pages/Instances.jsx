import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatAgo, formatDateTime } from '../format.js';
import { Link, path } from '../router.jsx';
import { ErrorBox, FilterBox, TableScroll, useLoad, useTitle } from '../ui.jsx';

const REFRESH_MS = 15_000;

/** The instance state with its colour and its word (colour is never the only signal). */
export function StateBadge({ state }) {
  return (
    <span class={`state state-${state || 'unknown'}`}>
      <span class="dot" aria-hidden="true"></span>
      {state || 'unknown'}
    </span>
  );
}

export function instanceMatches(i, text) {
  if (!text) return true;
  const needle = text.toLowerCase();
  return [i.name, i.instanceId, i.instanceType, i.availabilityZone, i.privateIp, i.publicIp, i.state, i.vpcId, i.subnetId]
    .filter(Boolean)
    .some((v) => String(v).toLowerCase().includes(needle));
}

export function Instances() {
  useTitle('Instances');
  const [filter, setFilter] = useState('');
  const { data, error, updatedAt } = useLoad((signal) => api('/api/ec2', { signal }), [], REFRESH_MS);
  const all = data ? [...data.instances].sort((a, b) => (a.name || a.instanceId).localeCompare(b.name || b.instanceId)) : [];
  const shown = all.filter((i) => instanceMatches(i, filter));
  const vpcs = [...new Set(all.map((i) => i.vpcId).filter(Boolean))];

  return (
    <>
      <div class="title-row">
        <h1 tabIndex={-1}>Instances</h1>
        <p class="muted small">
          {updatedAt ? `Updated ${formatDateTime(updatedAt).slice(11)} · refreshes every 15 s` : 'Loading…'}
        </p>
      </div>
      <div class="toolbar">
        <FilterBox label="Filter instances" value={filter} onInput={setFilter} placeholder="name, id, zone, IP, state…" />
        <Link href="/network" class="button-link">
          Subnets and security groups{vpcs.length === 1 ? ` of ${vpcs[0]}` : ''}
        </Link>
      </div>
      <ErrorBox error={error}>Could not load the instances.</ErrorBox>
      <TableScroll label="Instances">
        <table>
          <caption class="visually-hidden">Instances</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Instance ID</th>
              <th scope="col">Type</th>
              <th scope="col">Zone</th>
              <th scope="col">Private IP</th>
              <th scope="col">Launched</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((i) => (
              <tr key={i.instanceId}>
                <th scope="row" class={`state-${i.state || 'unknown'}`}>
                  {/* On phones the State column is off-screen: its colour next to the name (the word stays in State). */}
                  <span class="dot name-dot" aria-hidden="true"></span>
                  <Link href={path('instances', i.instanceId)}>{i.name || i.instanceId}</Link>
                </th>
                <td class="mono">{i.instanceId}</td>
                <td>{i.instanceType}</td>
                <td>{i.availabilityZone}</td>
                <td class="mono">{i.privateIp || '—'}</td>
                <td>
                  <time datetime={i.launchTime} title={formatAgo(i.launchTime)}>
                    {formatDateTime(i.launchTime)}
                  </time>
                </td>
                <td>
                  <StateBadge state={i.state} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {data && !shown.length ? <p class="muted">{all.length ? 'No instance matches the filter.' : 'No instances in this account and region.'}</p> : null}
      {data ? (
        <p class="muted small">
          {shown.length === all.length ? `${all.length} instances` : `${shown.length} of ${all.length} instances`}
        </p>
      ) : null}
    </>
  );
}
