package io.etherwatch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A property-based fuzz run of a service's own OpenAPI document by Schemathesis ({@code
 * schemathesis} from the git-ignored {@code .venv} that {@code ./etherwatch test} makes, pinned in
 * {@code deploy/local/requirements.txt}), as issue 13 asks: whatever JSON shape or parameter text a
 * client sends, the service answers below 500 (Schemathesis' check {@code not_a_server_error}), and
 * every 4xx carries the {@code {"error","message"}} body (the check {@code error_body_shape} of
 * {@code schemathesis_hooks.py}, a resource next to this class).
 *
 * <p>The run goes through every phase (schema examples, coverage of boundary values, random
 * fuzzing, stateful sequences) with one worker, bounded by {@link #maxTime} (default 20 s) and
 * {@link #maxExamples} per operation, each request by a 10 s timeout (a timeout fails the run). A
 * run in which some selected operation got no test case does not pass either. Its output is in
 * {@code <run dir>/schemathesis-<random>/}; a failed run's assertion message holds each failing
 * request as a {@code curl} line that reproduces it.
 *
 * <pre>{@code
 * Schemathesis.against(URI.create("http://127.0.0.1:" + port))
 *     .bearer(token)
 *     .run()
 *     .assertNoServerErrors();
 * }</pre>
 */
public final class Schemathesis {
  /** The OpenAPI document Quarkus serves (SmallRye OpenAPI), as JSON. */
  public static final String QUARKUS_OPENAPI = "/q/openapi?format=json";

  private static final Duration DEFAULT_MAX_TIME = Duration.ofSeconds(20);
  private static final int DEFAULT_MAX_EXAMPLES = 100;

  /** Longer than the budget: the run finishes the request in flight, then shrinks what failed. */
  private static final Duration GRACE = Duration.ofMinutes(2);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final int MESSAGE_LIMIT = 20_000;

  private final URI base;
  private String openApiPath = QUARKUS_OPENAPI;
  private Duration maxTime = DEFAULT_MAX_TIME;
  private int maxExamples = DEFAULT_MAX_EXAMPLES;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final List<String> excluded = new ArrayList<>();
  private final List<String> protectedUsernames = new ArrayList<>();

  private Schemathesis(URI base) {
    this.base = base;
  }

  /** A run against the service at {@code base} (scheme, host and port). */
  public static Schemathesis against(URI base) {
    return new Schemathesis(base);
  }

  /** The OpenAPI document's path on the service; {@value #QUARKUS_OPENAPI} unless told. */
  public Schemathesis openApi(String path) {
    this.openApiPath = path;
    return this;
  }

  /** Sends {@code Authorization: Bearer <token>} with every request. */
  public Schemathesis bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  /** Sends this header with every request. */
  public Schemathesis header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The whole run's time budget (default 20 s). */
  public Schemathesis maxTime(Duration budget) {
    this.maxTime = budget;
    return this;
  }

  /** At most this many test cases per operation and phase (default 100). */
  public Schemathesis maxExamples(int examples) {
    this.maxExamples = examples;
    return this;
  }

  /**
   * Leaves out one operation, e.g. {@code ("GET", "/api/stream")}; the caller's comment says why.
   */
  public Schemathesis excludeOperation(String method, String path) {
    excluded.add(method.toUpperCase(Locale.ROOT) + " " + path);
    return this;
  }

  /**
   * Usernames the fuzzer must never reach, in a path parameter or a JSON body field named {@code
   * username} (an account the rest of the test run logs in with): a generated value equal to one
   * (after NFKC, trimming and case folding) is replaced by a stand-in before the request is sent.
   */
  public Schemathesis protectUsernames(String... usernames) {
    protectedUsernames.addAll(List.of(usernames));
    return this;
  }

  /** Runs Schemathesis to the end (its budget plus a grace for shrinking). */
  public Result run() {
    Path schemathesis = MotoServer.venv().resolve("bin/schemathesis");
    if (!Files.isExecutable(schemathesis)) {
      throw new IllegalStateException(
          "schemathesis is not installed ("
              + schemathesis
              + "): run ./etherwatch test, which installs deploy/local/requirements.txt");
    }
    Path dir;
    Path hooks;
    try {
      dir = Files.createTempDirectory(SharedServices.runDir(), "schemathesis-");
      hooks = dir.resolve("schemathesis_hooks.py");
      try (InputStream in = Schemathesis.class.getResourceAsStream("schemathesis_hooks.py")) {
        if (in == null) {
          throw new IllegalStateException("schemathesis_hooks.py is missing from test-support");
        }
        Files.copy(in, hooks, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the fuzz run's folder", e);
    }
    List<String> command = new ArrayList<>(command(schemathesis, dir));
    ChildProcess process =
        ChildProcess.start(
            "schemathesis",
            command,
            dir,
            Map.of(
                "SCHEMATHESIS_HOOKS",
                hooks.toString(),
                "ETHERWATCH_FUZZ_PROTECTED_USERNAMES",
                String.join(",", protectedUsernames),
                "NO_COLOR",
                "1",
                "COLUMNS",
                "160"),
            dir.resolve("schemathesis.log"),
            "TERM",
            null);
    OptionalInt exit = process.awaitExit(maxTime.plus(GRACE));
    if (exit.isEmpty()) {
      process.kill();
      throw new AssertionError(
          "schemathesis did not finish within "
              + maxTime.plus(GRACE)
              + "; see "
              + process.log()
              + ":\n"
              + process.logTail(40));
    }
    return new Result(exit.getAsInt(), read(process.log()), process.log());
  }

  private List<String> command(Path schemathesis, Path dir) {
    List<String> command =
        new ArrayList<>(
            List.of(
                schemathesis.toString(),
                "run",
                base.resolve(openApiPath).toString(),
                "--url",
                base.toString(),
                "--checks",
                "not_a_server_error,error_body_shape",
                "--max-time",
                Long.toString(Math.max(1, maxTime.toSeconds())),
                "--max-examples",
                Integer.toString(maxExamples),
                "--workers",
                "1",
                "--request-timeout",
                Long.toString(REQUEST_TIMEOUT.toSeconds()),
                "--generation-database",
                "none",
                "--no-color",
                "--output-truncate",
                "false",
                // The reproducing curl lines keep every value (a nextToken, the test token): a
                // masked
                // one reproduces nothing.
                "--output-sanitize",
                "false",
                "--report",
                "junit",
                "--report-dir",
                dir.resolve("report").toString()));
    headers.forEach((name, value) -> command.addAll(List.of("--header", name + ": " + value)));
    // An operation's name in Schemathesis is "<METHOD> <path template>".
    excluded.forEach(operation -> command.addAll(List.of("--exclude-name", operation)));
    return command;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a run printed and how it ended. */
  public record Result(int exitCode, String output, Path log) {
    private static final Pattern SELECTED = Pattern.compile("(?m)^\\s*Selected: (\\d+)/");
    private static final Pattern TESTED = Pattern.compile("(?m)^\\s*Tested: (\\d+)");

    /**
     * Whether every selected operation got test cases and every request was answered below 500,
     * with the shaped body on a 4xx, and without a network error or timeout.
     */
    public boolean passed() {
      return exitCode == 0 && untested() == 0;
    }

    /**
     * How many selected operations the budget ran out before (Schemathesis ends such a run with
     * exit code 0, so it is counted here).
     */
    public int untested() {
      return count(SELECTED) - count(TESTED);
    }

    /**
     * The failures section of the output: each failing operation, the status it answered and the
     * {@code curl} line that reproduces it; the summary when there is no failures section.
     */
    public String failures() {
      int start = output.indexOf("FAILURES");
      if (start < 0) {
        start = Math.max(0, output.indexOf("SUMMARY"));
      }
      String section = output.substring(start);
      return section.length() > MESSAGE_LIMIT
          ? section.substring(0, MESSAGE_LIMIT) + "\n… (the rest is in " + log + ")"
          : section;
    }

    /** Fails, with the reproducing requests, unless the run passed. */
    public void assertNoServerErrors() {
      if (exitCode != 0) {
        throw new AssertionError(
            "schemathesis found inputs the service does not answer with a shaped 4xx (exit code "
                + exitCode
                + "; full output in "
                + log
                + "):\n"
                + failures());
      }
      if (untested() != 0) {
        throw new AssertionError(
            untested()
                + " operation(s) got no test case within the time budget (full output in "
                + log
                + "):\n"
                + failures());
      }
    }

    private int count(Pattern pattern) {
      Matcher m = pattern.matcher(output);
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
  }
}
