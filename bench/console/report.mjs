// Writes bench/results/console.md from bench/results/console.json (argument: the results folder).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const r = JSON.parse(readFileSync(join(dir, 'console.json'), 'utf8'));
const p = r.paint;
const t = r.tail;
const row = (name, s) => `| ${name} | ${s.n} | ${s.median} | ${s.p95} | ${s.max} |`;
const f = (x) => x.frames;
const m = (x) => x.memory;
const md = `## Web console (\`./etherwatch bench console\`)

Issue 16's measured goals: first meaningful paint of the instances screen ≤ 1 s on loopback; the live tail keeps up
with 2,000 events/s into one view for a minute without frames below 30 fps or memory past 200 MB, with a bounded window
of lines. Headless Debian Chromium ${r.chromium} (playwright-core), ${r.machine}; load average (1/5/15 min)
${r.loadAvgAtStart.join(' / ')} at the start, ${r.loadAvgAtEnd.join(' / ')} at the end; the stack, the feeding JVM and
the browser share the machine. Stack: ${r.stack}.
Commit ${r.commit}, ${r.date}. Config: ${p.cold.rows.n} paint repetitions, tail fed ${t.fed.rate} events/s for
${t.fed.seconds} s after a ${t.baseline.seconds} s baseline at 0 events/s on the same page.

### Instances screen (ms from navigation start)

"Rows" is the time until table "Instances" has its 4 rows; FCP and LCP from the Performance API. Cold: a new browser
context (empty cache, the session in localStorage); warm: the same page loaded again.

| measure | n | median | p95 | max |
| --- | --- | --- | --- | --- |
${row('cold: 4 rows', p.cold.rows)}
${row('cold: FCP', p.cold.fcp)}
${row('cold: LCP', p.cold.lcp)}
${row('warm: 4 rows', p.warm.rows)}
${row('warm: FCP', p.warm.fcp)}
${row('warm: LCP', p.warm.lcp)}

### Live tail, one view (group ${t.group})

Events written straight into the group's Kafka topic (as log-ingest-service writes them), read by push-service and
shown by the console. Frames counted with requestAnimationFrame per whole 1-s window; heap = CDP JSHeapUsedSize;
PSS = every Chromium process of the run together (browser, GPU, utility, renderers; shared pages split between them),
RSS = the largest renderer (the page's process); sampled once a second.

| measure | baseline (0 events/s) | fed (${t.fed.rate} events/s) |
| --- | --- | --- |
| fps: min of 1-s windows | ${f(t.baseline).minFps} | ${f(t.fed).minFps} |
| fps: p5 / median | ${f(t.baseline).p5Fps} / ${f(t.baseline).medianFps} | ${f(t.fed).p5Fps} / ${f(t.fed).medianFps} |
| frames > 50 ms (longest, ms) | ${f(t.baseline).framesOver50ms} (${f(t.baseline).longestFrameMs}) | ${f(t.fed).framesOver50ms} (${f(t.fed).longestFrameMs}) |
| JS heap start / end / max (MB) | ${m(t.baseline).heapStartMb} / ${m(t.baseline).heapEndMb} / ${m(t.baseline).heapMaxMb} | ${m(t.fed).heapStartMb} / ${m(t.fed).heapEndMb} / ${m(t.fed).heapMaxMb} |
| Chromium PSS, all processes: start / end / max (MB) | ${m(t.baseline).pssStartMb} / ${m(t.baseline).pssEndMb} / ${m(t.baseline).pssMaxMb} | ${m(t.fed).pssStartMb} / ${m(t.fed).pssEndMb} / ${m(t.fed).pssMaxMb} |
| largest renderer RSS max (MB) | ${m(t.baseline).rendererRssMaxMb} | ${m(t.fed).rendererRssMaxMb} |
| load average (1 min) during | ${t.baseline.loadAvg1} (max) | ${t.fed.loadAvg1Max} (max), ${t.fed.loadAvg1Mean} (mean) |

Events written ${t.fed.written.toLocaleString('en-US')}, received by the page ("events received")
${t.fed.received.toLocaleString('en-US')}, number of the last line shown ${t.fed.lastShownNumber.toLocaleString('en-US')};
lines in the view at the end: ${t.fed.rowsInView.toLocaleString('en-US')} (the bounded window is 5,000 lines, and the page
says so: "showing the last 5,000 lines").${t.pageErrors.length ? ` Page errors: ${t.pageErrors.join(' | ')}.` : ''}
`;
writeFileSync(join(dir, 'console.md'), md);
