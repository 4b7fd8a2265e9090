// The floor under push-fanout: how long this machine's kernel takes to hand one message to N
// loopback TCP sockets and to wake their readers, with no JVM, WebSocket framing or Kafka.
//
// The parent accepts N connections and writes each event (MESSAGE bytes, the first 8 the send
// time) to every socket with one send() each, as push-service's event loops do, on THREADS writer
// threads. A child process holds the N client sockets and reads them with epoll on THREADS reader
// threads, as the push-fanout load generator does, and keeps receipt time minus send time of every
// delivery. Output: one JSON object on stdout.
//
// usage: fanout SUBSCRIBERS MESSAGE_BYTES THREADS EVENTS INTERVAL_MS
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16

static int subscribers, message_bytes, threads, events, interval_ms;

static void fail(const char *what) {
  fprintf(stderr, "fanout: %s: %s\n", what, strerror(errno));
  exit(1);
}

static long now_micros(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000L + t.tv_nsec / 1000;
}

static int by_value(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

// --- writer side (the service) ---

typedef struct {
  int *fds;
  int count;
  volatile long stamp;
  pthread_barrier_t *start, *done;
} writer_job;

static void *writer(void *arg) {
  writer_job *job = arg;
  char *message = calloc(1, message_bytes);
  memset(message + 8, 'x', message_bytes - 8);
  for (int e = 0; e < events; e++) {
    pthread_barrier_wait(job->start);
    long stamp = job->stamp;
    memcpy(message, &stamp, sizeof stamp);
    for (int i = 0; i < job->count; i++) {
      if (send(job->fds[i], message, message_bytes, 0) != message_bytes) fail("send");
    }
    pthread_barrier_wait(job->done);
  }
  free(message);
  return NULL;
}

// --- reader side (the clients) ---

typedef struct {
  int *fds;
  int count;
  long *latencies;  // this thread's deliveries, microseconds
  long delivered;
} reader_job;

static void *reader(void *arg) {
  reader_job *job = arg;
  int poll = epoll_create1(0);
  if (poll < 0) fail("epoll_create1");
  // Bytes of the message in progress per socket (a message may arrive in pieces).
  int *filled = calloc(job->count, sizeof(int));
  char *partial = calloc((size_t)job->count, message_bytes);
  for (int i = 0; i < job->count; i++) {
    struct epoll_event ready = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
    if (epoll_ctl(poll, EPOLL_CTL_ADD, job->fds[i], &ready) != 0) fail("epoll_ctl");
  }
  long expected = (long)job->count * events;
  struct epoll_event ready[512];
  char buffer[65536];
  while (job->delivered < expected) {
    int n = epoll_wait(poll, ready, 512, 10000);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      fprintf(stderr, "fanout: reader waited 10 s with %ld of %ld delivered\n", job->delivered,
              expected);
      exit(1);
    }
    for (int r = 0; r < n; r++) {
      int i = (int)ready[r].data.u32;
      ssize_t got = recv(job->fds[i], buffer, sizeof buffer, 0);
      if (got <= 0) fail("recv");
      long received = now_micros();
      for (ssize_t at = 0; at < got;) {
        int take = message_bytes - filled[i];
        if (take > got - at) take = (int)(got - at);
        memcpy(partial + (size_t)i * message_bytes + filled[i], buffer + at, take);
        filled[i] += take;
        at += take;
        if (filled[i] == message_bytes) {
          long stamp;
          memcpy(&stamp, partial + (size_t)i * message_bytes, sizeof stamp);
          job->latencies[job->delivered++] = received - stamp;
          filled[i] = 0;
        }
      }
    }
  }
  free(filled);
  free(partial);
  return NULL;
}

static void clients(struct sockaddr_in *server, int ready_pipe) {
  int *fds = malloc(sizeof(int) * subscribers);
  for (int i = 0; i < subscribers; i++) {
    fds[i] = socket(AF_INET, SOCK_STREAM, 0);
    if (fds[i] < 0) fail("socket");
    if (connect(fds[i], (struct sockaddr *)server, sizeof *server) != 0) fail("connect");
  }
  pthread_t thread[MAX_THREADS];
  reader_job job[MAX_THREADS];
  for (int t = 0; t < threads; t++) {
    int from = (int)((long)subscribers * t / threads);
    int to = (int)((long)subscribers * (t + 1) / threads);
    job[t] = (reader_job){.fds = fds + from, .count = to - from, .delivered = 0};
    job[t].latencies = malloc(sizeof(long) * (size_t)(to - from) * events);
    pthread_create(&thread[t], NULL, reader, &job[t]);
  }
  if (write(ready_pipe, "r", 1) != 1) fail("write");
  long total = 0;
  for (int t = 0; t < threads; t++) {
    pthread_join(thread[t], NULL);
    total += job[t].delivered;
  }
  long *all = malloc(sizeof(long) * total);
  long n = 0;
  for (int t = 0; t < threads; t++) {
    memcpy(all + n, job[t].latencies, sizeof(long) * job[t].delivered);
    n += job[t].delivered;
  }
  qsort(all, n, sizeof(long), by_value);
  printf("\"deliveries\": %ld, \"p50Millis\": %.1f, \"p99Millis\": %.1f, \"maxMillis\": %.1f", n,
         all[n / 2] / 1000.0, all[(long)(n * 0.99)] / 1000.0, all[n - 1] / 1000.0);
  fflush(stdout);
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: fanout SUBSCRIBERS MESSAGE_BYTES THREADS EVENTS INTERVAL_MS\n");
    return 2;
  }
  subscribers = atoi(argv[1]);
  message_bytes = atoi(argv[2]);
  threads = atoi(argv[3]);
  events = atoi(argv[4]);
  interval_ms = atoi(argv[5]);
  if (subscribers < 1 || message_bytes < 8 || threads < 1 || threads > MAX_THREADS ||
      events < 1 || interval_ms < 0) {
    fprintf(stderr, "fanout: SUBSCRIBERS >= 1, MESSAGE_BYTES >= 8, THREADS 1-16, EVENTS >= 1\n");
    return 2;
  }
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in server = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t length = sizeof server;
  if (bind(listener, (struct sockaddr *)&server, sizeof server) != 0) fail("bind");
  if (listen(listener, 4096) != 0) fail("listen");
  getsockname(listener, (struct sockaddr *)&server, &length);
  int ready[2];
  if (pipe(ready) != 0) fail("pipe");
  printf("{\"subscribers\": %d, \"messageBytes\": %d, \"threads\": %d, \"events\": %d, ",
         subscribers, message_bytes, threads, events);
  fflush(stdout);
  pid_t child = fork();
  if (child < 0) fail("fork");
  if (child == 0) {
    clients(&server, ready[1]);
    exit(0);
  }
  int *fds = malloc(sizeof(int) * subscribers);
  for (int i = 0; i < subscribers; i++) {
    fds[i] = accept(listener, NULL, NULL);
    if (fds[i] < 0) fail("accept");
    int on = 1;
    setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  }
  char byte;
  if (read(ready[0], &byte, 1) != 1) fail("read");
  pthread_barrier_t start, done;
  pthread_barrier_init(&start, NULL, threads + 1);
  pthread_barrier_init(&done, NULL, threads + 1);
  pthread_t thread[MAX_THREADS];
  writer_job job[MAX_THREADS];
  for (int t = 0; t < threads; t++) {
    int from = (int)((long)subscribers * t / threads);
    int to = (int)((long)subscribers * (t + 1) / threads);
    job[t] = (writer_job){.fds = fds + from, .count = to - from, .start = &start, .done = &done};
    pthread_create(&thread[t], NULL, writer, &job[t]);
  }
  long write_total = 0, write_max = 0;
  for (int e = 0; e < events; e++) {
    usleep(interval_ms * 1000);
    long stamp = now_micros();
    for (int t = 0; t < threads; t++) job[t].stamp = stamp;
    pthread_barrier_wait(&start);
    pthread_barrier_wait(&done);
    long took = now_micros() - stamp;
    write_total += took;
    if (took > write_max) write_max = took;
  }
  for (int t = 0; t < threads; t++) pthread_join(thread[t], NULL);
  int status;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "fanout: the client process failed\n");
    return 1;
  }
  printf(", \"writeMillisMean\": %.1f, \"writeMillisMax\": %.1f}\n", write_total / 1000.0 / events,
         write_max / 1000.0);
  return 0;
}
