import { api } from '../api.js';
import { formatAgo, formatDateTime } from '../format.js';
import { metricFromQuery, metricLabel, metricQuery, sameMetric } from '../metrics.js';
import { Link, path } from '../router.jsx';
import { ErrorBox, useLoad, useTitle } from '../ui.jsx';
import { StateBadge } from './Instances.jsx';
import { MetricView } from './MetricView.jsx';

export function Instance({ params, query }) {
  const id = params.id;
  const inst = useLoad((signal) => api(`/api/ec2/${encodeURIComponent(id)}`, { signal }), [id], 30_000);
  const metrics = useLoad((signal) => api(`/api/ec2/${encodeURIComponent(id)}/metrics`, { signal }), [id]);
  const i = inst.data;
  const name = i ? i.name || i.instanceId : id;
  useTitle(name);
  const list = metrics.data ? metrics.data.metrics : [];
  const named = metricFromQuery(query);
  const selected = list.find((m) => sameMetric(m, query)) || null;
  const shown = selected || named;
  const base = path('instances', id);

  return (
    <>
      <h1 tabIndex={-1}>{name}</h1>
      <ErrorBox error={inst.error}>Could not load this instance.</ErrorBox>
      {i ? (
        <dl class="facts">
          <div>
            <dt>State</dt>
            <dd>
              <StateBadge state={i.state} />
            </dd>
          </div>
          <div>
            <dt>Instance ID</dt>
            <dd class="mono">{i.instanceId}</dd>
          </div>
          <div>
            <dt>Type</dt>
            <dd>{i.instanceType}</dd>
          </div>
          <div>
            <dt>Zone</dt>
            <dd>{i.availabilityZone}</dd>
          </div>
          <div>
            <dt>Private IP</dt>
            <dd class="mono">{i.privateIp || '—'}</dd>
          </div>
          <div>
            <dt>Public IP</dt>
            <dd class="mono">{i.publicIp || '—'}</dd>
          </div>
          <div>
            <dt>Launched</dt>
            <dd>
              {formatDateTime(i.launchTime)} ({formatAgo(i.launchTime)})
            </dd>
          </div>
          <div>
            <dt>VPC and subnet</dt>
            <dd class="mono">
              <Link href="/network">{i.vpcId || '—'}</Link> / <Link href={`/network#${i.subnetId}`}>{i.subnetId || '—'}</Link>
            </dd>
          </div>
          <div>
            <dt>Security groups</dt>
            <dd>{(i.securityGroups || []).map((g) => g.groupName).join(', ') || '—'}</dd>
          </div>
        </dl>
      ) : null}
      <div class="metrics-layout">
        {shown ? <MetricView key={metricQuery(shown).toString()} metric={shown} query={query} base={base} /> : (
          <p class="muted metric-hint">{list.length ? 'Choose a metric to see its chart and statistics.' : ''}</p>
        )}
        <section aria-labelledby="metrics-heading" class="metric-list">
          <h2 id="metrics-heading">Metrics</h2>
          <ErrorBox error={metrics.error}>Could not list the metrics.</ErrorBox>
          {metrics.data && !list.length ? <p class="muted">No metrics for this instance.</p> : null}
          {!metrics.data && metrics.loading ? <p class="muted">Loading metrics…</p> : null}
          <ul aria-labelledby="metrics-heading">
            {list.map((m) => {
              const q = metricQuery(m);
              const range = query.get('range');
              if (range) q.set('range', range);
              const key = `${m.namespace}|${q.toString()}`;
              return (
                <li key={key}>
                  <Link href={`${base}?${q}`} aria-current={selected === m ? 'true' : undefined}>
                    {metricLabel(m)}
                  </Link>
                  <span class="muted small"> {m.namespace}</span>
                </li>
              );
            })}
          </ul>
        </section>
      </div>
    </>
  );
}
