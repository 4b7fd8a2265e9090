import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from '../api.js';
import { formatDateTime, formatMetric, formatPeriod } from '../format.js';
import { metricLabel, RANGES, rangeBounds } from '../metrics.js';
import { navigate } from '../router.jsx';
import { ErrorBox, useLoad } from '../ui.jsx';

const pad = (n) => String(n).padStart(2, '0');
const localInput = (ms) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export function MetricView({ metric, query, base }) {
  const range = query.get('range') || '1d';
  const bounds = rangeBounds(query);
  const label = metricLabel(metric);
  const [customOpen, setCustomOpen] = useState(range === 'custom');

  const stats = useLoad(
    (signal) => {
      if (!bounds) return Promise.reject(new Error('Choose a start before the end.'));
      const q = new URLSearchParams();
      q.set('namespace', metric.namespace);
      q.set('metricName', metric.metricName);
      for (const d of metric.dimensions || []) q.append('dimension', `${d.name}=${d.value}`);
      q.set('start', String(Math.floor(bounds[0])));
      if (bounds[1] != null) q.set('end', String(Math.floor(bounds[1])));
      return api(`/api/metrics/stats?${q}`, { signal });
    },
    [query.toString()],
    range === '1h' ? 60_000 : 0,
  );

  const go = (changes) => {
    const q = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v == null) q.delete(k);
      else q.set(k, v);
    }
    navigate(`${base}?${q}`, { replace: true });
  };

  const applyCustom = (e) => {
    e.preventDefault();
    const f = e.currentTarget;
    const from = new Date(f.from.value);
    const to = new Date(f.to.value);
    go({ range: 'custom', from: from.toISOString(), to: to.toISOString() });
  };

  const s = stats.data;
  const unit = s ? s.unit : null;
  const sum = s ? s.summary : null;
  const fig = (v) => formatMetric(v, unit);
  const defaultFrom = bounds ? bounds[0] : Date.now() - 86400e3;
  const defaultTo = bounds && bounds[1] != null ? bounds[1] : Date.now();

  return (
    <section class="metric-view" aria-labelledby="metric-heading">
      <h2 id="metric-heading">{label}</h2>
      <p class="muted small">
        {metric.namespace}
        {(metric.dimensions || []).map((d) => ` · ${d.name}=${d.value}`).join('')}
      </p>
      <div role="group" aria-label="Range" class="segmented">
        {RANGES.map(([name]) => (
          <button
            type="button"
            key={name}
            aria-pressed={range === name ? 'true' : 'false'}
            onClick={() => {
              setCustomOpen(false);
              go({ range: name, from: null, to: null });
            }}
          >
            {name}
          </button>
        ))}
        <button type="button" aria-pressed={range === 'custom' ? 'true' : 'false'} aria-expanded={customOpen ? 'true' : 'false'} aria-controls="custom-range" onClick={() => setCustomOpen(!customOpen)}>
          Custom
        </button>
      </div>
      {customOpen ? (
        <form id="custom-range" class="custom-range" onSubmit={applyCustom}>
          <div class="field">
            <label for="range-from">Start</label>
            <input id="range-from" name="from" type="datetime-local" required value={localInput(defaultFrom)} />
          </div>
          <div class="field">
            <label for="range-to">End</label>
            <input id="range-to" name="to" type="datetime-local" required value={localInput(defaultTo)} />
          </div>
          <button type="submit">Apply range</button>
        </form>
      ) : null}
      <ErrorBox error={stats.error}>Could not load the statistics.</ErrorBox>
      {s ? (
        <>
          <Chart stats={s} label={label} />
          <dl class="figures">
            <Figure name="Minimum" value={fig(sum.minimum)} />
            <Figure name="Maximum" value={fig(sum.maximum)} />
            <Figure name="Average" value={fig(sum.average)} />
            <Figure name="Sum" value={fig(sum.sum)} />
            <Figure name="Period" value={formatPeriod(s.period)} />
          </dl>
          <p class="muted small">
            {s.datapoints.length} datapoints{unit ? `, unit ${unit}` : ''}
            {s.datapoints.length ? `, ${formatDateTime(s.datapoints[0].timestamp)} to ${formatDateTime(s.datapoints[s.datapoints.length - 1].timestamp)}` : ''}
            {stats.loading ? ' · updating…' : ''}
          </p>
        </>
      ) : stats.loading ? (
        <p class="muted">Loading statistics…</p>
      ) : null}
    </section>
  );
}

function Figure({ name, value }) {
  const id = `fig-${name.toLowerCase()}`;
  return (
    <div>
      <dt id={id}>{name}</dt>
      <dd aria-labelledby={id}>{value}</dd>
    </div>
  );
}

const COLORS = { average: '#0b5cad', minimum: '#2e7d32', maximum: '#b3261e' };

/** The uPlot chart in a role=img element whose label names the metric and says what is drawn. */
function Chart({ stats, label }) {
  const box = useRef(null);
  const plot = useRef(null);
  const points = stats.datapoints;
  const unit = stats.unit;

  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const data = [points.map((p) => Date.parse(p.timestamp) / 1000), points.map((p) => p.average), points.map((p) => p.minimum), points.map((p) => p.maximum)];
    const width = Math.max(280, el.clientWidth);
    const opts = {
      width,
      height: width < 500 ? 220 : 300,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.25)' } },
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.25)' },
          size: 80,
          values: (u, ticks) => ticks.map((t) => formatMetric(t, unit)),
        },
      ],
      series: [
        {},
        { label: 'Average', stroke: COLORS.average, width: 2 },
        { label: 'Minimum', stroke: COLORS.minimum, width: 1, dash: [4, 4] },
        { label: 'Maximum', stroke: COLORS.maximum, width: 1, dash: [4, 4] },
      ],
    };
    plot.current = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => {
      const w = Math.max(280, el.clientWidth);
      if (plot.current && Math.abs(plot.current.width - w) > 2) plot.current.setSize({ width: w, height: w < 500 ? 220 : 300 });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.current.destroy();
      plot.current = null;
    };
  }, [stats]);

  const first = points.length ? formatDateTime(points[0].timestamp) : '';
  const last = points.length ? formatDateTime(points[points.length - 1].timestamp) : '';
  // Kept free of the words that label other things here (the figures, the custom range), so that a search by
  // label finds one element.
  const aria = points.length
    ? `${label} chart, ${points.length} points, ${first} – ${last}, one every ${formatPeriod(stats.period)}`
    : `${label} chart: no datapoints in this range`;
  return (
    <figure class="chart">
      <div role="img" aria-label={aria} class="chart-box" ref={box} />
      <figcaption class="legend" aria-hidden="true">
        <span class="key key-average">avg</span>
        <span class="key key-minimum">min</span>
        <span class="key key-maximum">max</span>
      </figcaption>
    </figure>
  );
}
