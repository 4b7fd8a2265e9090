package io.etherwatch.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etherwatch.common.rest.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Caffeine-backed cache with a test clock and upkeep on the caller's thread: time-to-live after
 * write, single flight, failures not kept (unless told), and the byte bound.
 */
class ShortCacheTest {
  private static final long MB = 1 << 20;
  private final AtomicLong now = new AtomicLong();
  private final ShortCache shared = cache(Duration.ZERO, e -> false, 100 * MB);
  private final ShortCache.Region<String, Integer> cache = shared.region("ints", v -> 16);

  private ShortCache cache(
      Duration failureTtl, java.util.function.Predicate<RuntimeException> keep, long maxBytes) {
    return new ShortCache(
        Duration.ofSeconds(5), failureTtl, keep, maxBytes, now::get, Runnable::run);
  }

  @Test
  void reusesAnAnswerWithinItsTimeToLive() {
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", loads::incrementAndGet);
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    assertThat(cache.get("k", loads::incrementAndGet)).isEqualTo(1);
    assertThat(loads).hasValue(1);
  }

  @Test
  void loadsAgainOnceTheAnswerExpired() {
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", loads::incrementAndGet);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(cache.get("k", loads::incrementAndGet)).isEqualTo(2);
  }

  @Test
  void keepsKeysApart() {
    assertThat(cache.get("a", () -> 1)).isEqualTo(1);
    assertThat(cache.get("b", () -> 2)).isEqualTo(2);
  }

  @Test
  void concurrentCallersOfOneKeyShareOneLoad() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      answers.add(loadHeldUntil(release, pool, loads::incrementAndGet));
      for (int i = 1; i < 50; i++) {
        answers.add(pool.submit(() -> cache.get("k", loads::incrementAndGet)));
      }
      release.countDown();
      for (Future<Integer> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      }
      assertThat(loads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void waitersOfAFailedLoadAllSeeItsFailure() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      answers.add(
          loadHeldUntil(
              release,
              pool,
              () -> {
                loads.incrementAndGet();
                throw ApiException.notFound("gone");
              }));
      List<Thread> waiters = new java.util.concurrent.CopyOnWriteArrayList<>();
      for (int i = 1; i < 10; i++) {
        answers.add(
            pool.submit(
                () -> {
                  waiters.add(Thread.currentThread());
                  return cache.get("k", loads::incrementAndGet);
                }));
      }
      // A waiter blocks only on the load in flight: once all nine are parked, all have joined it.
      while (waiters.size() < 9
          || waiters.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
        Thread.onSpinWait();
      }
      release.countDown();
      int failed = 0;
      for (Future<Integer> answer : answers) {
        try {
          answer.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(ApiException.class).hasMessage("gone");
          failed++;
        }
      }
      assertThat(failed).isEqualTo(10);
      assertThat(loads).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLoadInFlightNeverExpiresUnderItsWaiters() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> first = loadHeldUntil(release, pool, () -> 1);
      now.addAndGet(Duration.ofMinutes(1).toNanos());
      release.countDown();
      assertThat(cache.get("k", () -> 2)).isEqualTo(1);
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailureReachesTheCallerAndIsNotKept() {
    assertThatThrownBy(
            () ->
                cache.get(
                    "k",
                    () -> {
                      throw ApiException.notFound("gone");
                    }))
        .isInstanceOf(ApiException.class)
        .hasMessage("gone");
    assertThat(cache.get("k", () -> 7)).isEqualTo(7);
  }

  @Test
  void aFailureItIsToldToKeepIsAnsweredUntilItsTimeIsUp() {
    ShortCache.Region<String, Integer> cache =
        cache(Duration.ofSeconds(2), e -> e.getMessage().equals("slow down"), 100 * MB)
            .region("ints", v -> 16);
    AtomicInteger loads = new AtomicInteger();
    java.util.function.Supplier<Integer> throttled =
        () -> {
          loads.incrementAndGet();
          throw ApiException.badRequest("slow down");
        };
    assertThatThrownBy(() -> cache.get("k", throttled)).hasMessage("slow down");
    now.addAndGet(Duration.ofMillis(1999).toNanos());
    assertThatThrownBy(() -> cache.get("k", loads::incrementAndGet)).hasMessage("slow down");
    assertThat(loads).hasValue(1);
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(cache.get("k", loads::incrementAndGet)).isEqualTo(2);
  }

  @Test
  void anExpiredAnswerLeavesWithoutItsKeyBeingAskedAgain() {
    for (int i = 0; i < 50; i++) {
      int key = i;
      cache.get("k" + key, () -> key);
    }
    assertThat(shared.size()).isEqualTo(50);
    now.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(shared.size()).isZero();
    assertThat(shared.weightedBytes()).isZero();
  }

  @Test
  void aReadDoesNotExtendAnAnswersLife() {
    AtomicInteger loads = new AtomicInteger();
    cache.get("k", loads::incrementAndGet);
    now.addAndGet(Duration.ofSeconds(3).toNanos());
    cache.get("k", loads::incrementAndGet);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(cache.get("k", loads::incrementAndGet)).isEqualTo(2);
  }

  @Test
  void staysWithinItsBytesWhateverTheNumberOfKeys() {
    // A viewer paging history with distinct start values: 1 MB pages under a 10 MB bound.
    ShortCache small = cache(Duration.ZERO, e -> false, 10 * MB);
    ShortCache.Region<Integer, String> pages = small.region("pages", p -> MB);
    for (int i = 0; i < 100; i++) {
      int key = i;
      pages.get(key, () -> "page " + key);
      assertThat(small.weightedBytes()).isLessThanOrEqualTo(10 * MB);
    }
    assertThat(small.size()).isBetween(1L, 10L);
  }

  @Test
  void oneBoundCoversEveryRegion() {
    ShortCache small = cache(Duration.ZERO, e -> false, 10 * MB);
    ShortCache.Region<Integer, String> a = small.region("a", p -> MB);
    ShortCache.Region<Integer, String> b = small.region("b", p -> MB);
    for (int i = 0; i < 20; i++) {
      int key = i;
      a.get(key, () -> "a" + key);
      b.get(key, () -> "b" + key);
    }
    assertThat(small.weightedBytes()).isLessThanOrEqualTo(10 * MB);
  }

  @Test
  void regionsKeepTheirKeysApart() {
    ShortCache.Region<Integer, String> a = shared.region("a", p -> 16);
    ShortCache.Region<Integer, String> b = shared.region("b", p -> 16);
    assertThat(a.get(1, () -> "a1")).isEqualTo("a1");
    assertThat(b.get(1, () -> "b1")).isEqualTo("b1");
    assertThat(a.get(1, () -> "again")).isEqualTo("a1");
  }

  @Test
  void aFailedLoadHoldsNoMemory() {
    for (int i = 0; i < 20; i++) {
      String key = "fail" + i;
      assertThatThrownBy(
              () ->
                  cache.get(
                      key,
                      () -> {
                        throw ApiException.notFound("gone");
                      }))
          .hasMessage("gone");
    }
    assertThat(shared.size()).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Submits the first caller of key {@code k}, whose load waits for {@code release} and then ends
   * with {@code finish}; returns once that load is in flight.
   */
  private Future<Integer> loadHeldUntil(
      CountDownLatch release, ExecutorService pool, Supplier<Integer> finish)
      throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Future<Integer> answer =
        pool.submit(
            () ->
                cache.get(
                    "k",
                    () -> {
                      started.countDown();
                      await(release);
                      return finish.get();
                    }));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    return answer;
  }
}
