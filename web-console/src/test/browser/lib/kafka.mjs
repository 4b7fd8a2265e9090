// Kafka-side helpers for the browser tests: the topic of a log group (log-event-model's TopicNames) and a forced
// retention GAP (kafka/TruncateTopic.java, run with the broker's own jars by the JDK's source launcher).
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The topic of a log group under the default pattern logs.{group} (io.etherwatch.logevent.TopicNames). */
export function topicOf(group) {
  const raw = `logs.${group}`;
  const legal = raw.replace(/[^a-zA-Z0-9._-]+/g, '_');
  if (legal === raw && legal.length <= 249) return legal;
  const suffix = `-${createHash('sha256').update(raw, 'utf8').digest('hex').slice(0, 8)}`;
  return legal.slice(0, 249 - suffix.length) + suffix;
}

/**
 * Starts TruncateTopic: resolves once it stands at the topic's end; `done` then resolves when `count` more records
 * came and everything before the end was deleted (rejects on failure or after `timeoutS`).
 */
export async function truncateAfter({ libs, bootstrap, topic, count, timeoutS = 60 }) {
  const source = fileURLToPath(new URL('../kafka/TruncateTopic.java', import.meta.url));
  const child = spawn('java', ['-cp', `${libs}/*`, source, bootstrap, topic, String(count), String(timeoutS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready ')) resolve();
    });
    exited.then((code) => reject(new Error(`TruncateTopic exited ${code} before it was ready: ${out}${err.slice(-1500)}`)));
  });
  const done = exited.then((code) => {
    if (code !== 0) throw new Error(`TruncateTopic exited ${code}: ${out.trim()} ${err.slice(-1500)}`);
    return out.trim().split('\n').pop();
  });
  return { done, kill: () => child.kill('SIGKILL') };
}
