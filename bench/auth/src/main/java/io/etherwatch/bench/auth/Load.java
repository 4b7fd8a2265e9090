package io.etherwatch.bench.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Closed-loop load: each client sends its next request when the previous one has answered. */
final class Load {

  /** What a phase measured; latencies in milliseconds. */
  record Result(
      long ok, long errors, double seconds, double perSecond, double p50, double p99, double max) {}

  private interface Call {
    boolean run() throws Exception;
  }

  private final AuthBench.Client http;
  private final List<String[]> users;

  Load(AuthBench.Client http, List<String[]> users) {
    this.http = http;
    this.users = users;
  }

  Result logins(Duration phase) throws Exception {
    List<Call> calls = new ArrayList<>();
    for (String[] user : users) {
      calls.add(() -> http.login(user[0], user[1]).status() == 201);
    }
    return run(calls, phase);
  }

  Result verifies(String token, Duration phase) throws Exception {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      calls.add(() -> http.verify(token) == 200);
    }
    return run(calls, phase);
  }

  /**
   * Median milliseconds of a wrong password for a real user and of an unknown user, alternated so
   * that both see the same machine.
   */
  Map<String, Double> failureTiming(String realUser, int rounds) throws Exception {
    long[] wrongPassword = new long[rounds];
    long[] unknownUser = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      check401(http.login(realUser, "a wrong passphrase " + i).status());
      long t1 = System.nanoTime();
      check401(http.login("nobody-" + i, "a wrong passphrase " + i).status());
      long t2 = System.nanoTime();
      wrongPassword[i] = t1 - t0;
      unknownUser[i] = t2 - t1;
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    medians.put("wrongPasswordMedianMs", percentile(wrongPassword, 50));
    medians.put("unknownUserMedianMs", percentile(unknownUser, 50));
    return medians;
  }

  private static void check401(int status) {
    if (status != 401) {
      throw new IllegalStateException("a failed login gave HTTP " + status + ", not 401");
    }
  }

  private static Result run(List<Call> calls, Duration phase) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    long start = System.nanoTime();
    long end = start + phase.toNanos();
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (Call call : calls) {
        futures.add(
            pool.submit(
                () -> {
                  long[] latencies = new long[1024];
                  int n = 0;
                  long errors = 0;
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    boolean ok = call.run();
                    long took = System.nanoTime() - t0;
                    if (!ok) {
                      errors++;
                      continue;
                    }
                    if (n == latencies.length) {
                      latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                  }
                  long[] out = Arrays.copyOf(latencies, n + 1);
                  out[n] = errors;
                  return out;
                }));
      }
      List<Long> all = new ArrayList<>();
      long errors = 0;
      for (Future<long[]> f : futures) {
        long[] r = f.get();
        for (int i = 0; i < r.length - 1; i++) {
          all.add(r[i]);
        }
        errors += r[r.length - 1];
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
      return new Result(
          sorted.length,
          errors,
          seconds,
          sorted.length / seconds,
          percentile(sorted, 50),
          percentile(sorted, 99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The p-th percentile (nearest rank) in milliseconds. */
  static double percentile(long[] nanos, int p) {
    if (nanos.length == 0) {
      return 0;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }
}
