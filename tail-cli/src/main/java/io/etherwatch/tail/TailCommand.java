package io.etherwatch.tail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.etherwatch.tail.client.AuthClient;
import io.etherwatch.tail.client.Credentials;
import io.etherwatch.tail.client.Endpoints;
import io.etherwatch.tail.client.HistoryClient;
import io.etherwatch.tail.client.PushFollower;
import io.etherwatch.tail.client.Subscription;
import io.etherwatch.tail.client.Unanswered;
import io.etherwatch.tail.domain.Backoff;
import io.etherwatch.tail.domain.ExitCode;
import io.etherwatch.tail.domain.Since;
import io.etherwatch.tail.domain.TailException;
import io.etherwatch.tail.output.EventPrinter;
import io.etherwatch.tail.output.Notices;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./etherwatch tail GROUP [STREAM…]}: the terminal client of push-service (DESIGN section
 * 9). Exit codes are {@link ExitCode}'s.
 */
@Command(
    name = "etherwatch tail",
    mixinStandardHelpOptions = true,
    version = "etherwatch tail 0.1.0",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Prints a log group's events as `timestamp stream message` lines (or --json, one event per line) and"
          + " follows new ones live through push-service, reconnecting with its cursor so that nothing is"
          + " lost or printed twice. Connection changes and GAP notices go to stderr. Ctrl-C stops it and"
          + " prints the cursor to resume from.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:printed (--no-follow), or stopped with Ctrl-C",
      "1:unexpected error",
      "2:bad command line",
      "3:login refused (or no password to be had)",
      "4:forbidden: the group is outside what the user may read",
      "5:not_found: no such group or stream",
      "6:a service did not answer",
      "7:bad_request: bad cursor or filter pattern",
      "8:limit: too many streams, or too many replays at once"
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  ETHERWATCH_URL, ETHERWATCH_AUTH_URL, ETHERWATCH_PUSH_URL, ETHERWATCH_INVENTORY_URL",
      "                      defaults of --url, --auth-url, --push-url, --inventory-url",
      "  ETHERWATCH_USER     default of --user",
      "  ETHERWATCH_PASSWORD the password; else a prompt on a terminal; else, for admin, the",
      "                      local stack's demo password (.etherwatch/admin-password)",
      "  ETHERWATCH_STATE    the local stack's state folder (default .etherwatch)",
      "  NO_COLOR            no colours"
    })
public final class TailCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GROUP", description = "the log group")
  String group;

  @Parameters(
      index = "1..*",
      paramLabel = "STREAM",
      description = "log streams to follow (default: every stream of the group)")
  List<String> streams = new ArrayList<>();

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "start from this far back (30s, 10m, 2h, 1d), an ISO-8601 time, epoch ms, or `now`"
              + " (live only); default 10m")
  String since;

  @Option(
      names = "--filter",
      paramLabel = "PATTERN",
      description =
          "only messages matching this filter pattern (`ERROR -healthcheck`, `?ERROR ?WARN`)")
  String filter;

  @Option(names = "--json", description = "one event object per line, as received")
  boolean json;

  @Option(
      names = "--resume",
      paramLabel = "CURSOR",
      description = "continue right after this cursor (printed on stderr when tail stops)")
  String resume;

  @Option(
      names = "--no-follow",
      description = "print what is there (history search) and exit instead of following")
  boolean noFollow;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      defaultValue = "${env:ETHERWATCH_USER:-admin}",
      description = "log in as this user (default: ${DEFAULT-VALUE})")
  String user;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "the Etherwatch origin (default: http://127.0.0.1:8080, the local stack's)")
  URI url;

  @Option(names = "--auth-url", paramLabel = "URL", description = "auth-service, if not at --url")
  URI authUrl;

  @Option(names = "--push-url", paramLabel = "URL", description = "push-service's ws(s)://…/ws")
  URI pushUrl;

  @Option(
      names = "--inventory-url",
      paramLabel = "URL",
      description = "inventory-service (for --no-follow), if not at --url")
  URI inventoryUrl;

  @Option(names = "--no-color", description = "no colours, even on a terminal")
  boolean noColor;

  private final Map<String, String> env;
  private final PrintStream out;
  private final Notices notices;

  TailCommand(Map<String, String> env, PrintStream out, PrintStream err) {
    this.env = env;
    this.out = out;
    this.notices = new Notices(err);
  }

  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    TailCommand command = new TailCommand(System.getenv(), out, err);
    int code = new CommandLine(command).setErr(new java.io.PrintWriter(err, true)).execute(args);
    out.flush();
    System.exit(code);
  }

  @Override
  public Integer call() {
    try {
      return run();
    } catch (TailException e) {
      if (e.getMessage() != null) {
        notices.say(e.getMessage());
      }
      return e.exitCode();
    } catch (java.io.UncheckedIOException e) {
      return ExitCode.OK; // stdout closed while printing history (`| head`)
    }
  }

  private int run() {
    Subscription subscription = subscription();
    ObjectMapper mapper = new ObjectMapper();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String password = password();

    URI origin = url != null ? url : defaultOrigin();
    URI auth = authUrl != null ? authUrl : uriEnv("ETHERWATCH_AUTH_URL");
    URI push = pushUrl != null ? pushUrl : uriEnv("ETHERWATCH_PUSH_URL");
    URI inventory = inventoryUrl != null ? inventoryUrl : uriEnv("ETHERWATCH_INVENTORY_URL");
    Endpoints endpoints = Endpoints.of(origin, auth, push, inventory);
    AuthClient authClient = new AuthClient(http, mapper, endpoints.auth());
    AuthClient.Tokens tokens;
    try {
      tokens = authClient.login(user, password);
    } catch (Unanswered e) {
      Endpoints local =
          auth == null ? endpoints.localFallback(origin, auth, push, inventory, env) : null;
      if (local == null) {
        throw e;
      }
      notices.say(
          e.getMessage()
              + "; using the local services: auth "
              + local.auth()
              + ", push "
              + local.push()
              + (noFollow ? ", inventory " + local.inventory() : ""));
      endpoints = local;
      authClient = new AuthClient(http, mapper, endpoints.auth());
      tokens = authClient.login(user, password);
    }
    Credentials credentials = new Credentials(authClient, user, password, tokens);
    EventPrinter printer = new EventPrinter(out, mapper, json, colour());

    if (noFollow) {
      long end = System.currentTimeMillis();
      long start = subscription.since().orElse(end);
      long count =
          new HistoryClient(http, mapper, endpoints.inventory(), credentials)
              .read(group, streams, filter, start, end, printer::print, printer::flush);
      printer.flush();
      notices.say(
          count
              + " events from "
              + Instant.ofEpochMilli(start)
              + " to "
              + Instant.ofEpochMilli(end));
      return ExitCode.OK;
    }

    PushFollower follower =
        new PushFollower(
            http,
            mapper,
            endpoints.push(),
            credentials,
            subscription,
            printer,
            notices,
            new Backoff(
                Duration.ofMillis(500), Duration.ofSeconds(30), RandomGenerator.getDefault()));
    StopSignals.install(
        () ->
            follower.stop(
                () -> {
                  out.flush();
                  String cursor = follower.cursor();
                  notices.say(
                      cursor == null
                          ? "stopped before the first event"
                          : "stopped; resume with --resume " + cursor);
                }));
    follower.run();
    return ExitCode.OK;
  }

  private Subscription subscription() {
    if (resume != null && since != null) {
      throw new TailException(ExitCode.USAGE, "--resume and --since exclude each other");
    }
    if (resume != null && noFollow) {
      throw new TailException(
          ExitCode.USAGE,
          "--resume needs following (a cursor is push-service's); drop --no-follow");
    }
    OptionalLong start;
    try {
      start =
          resume != null
              ? OptionalLong.empty()
              : Since.parse(since == null ? "10m" : since, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new TailException(ExitCode.USAGE, e.getMessage());
    }
    return new Subscription(group, List.copyOf(streams), filter, start, resume);
  }

  /**
   * ETHERWATCH_PASSWORD, else a prompt on a terminal, else the local stack's demo admin password.
   */
  private String password() {
    String fromEnv = env.get("ETHERWATCH_PASSWORD");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    java.io.Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("Password for %s: ", user);
      if (typed != null && typed.length > 0) {
        return new String(typed);
      }
    }
    if ("admin".equals(user)) {
      Path file = stateDir().resolve("admin-password");
      if (Files.isReadable(file)) {
        try {
          return Files.readString(file).trim();
        } catch (IOException e) {
          throw new TailException(ExitCode.LOGIN, "cannot read " + file + ": " + e.getMessage());
        }
      }
    }
    throw new TailException(
        ExitCode.LOGIN,
        "no password for "
            + user
            + ": set ETHERWATCH_PASSWORD or run on a terminal"
            + ("admin".equals(user) ? " (no demo password in " + stateDir() + ")" : ""));
  }

  private Path stateDir() {
    String state = env.get("ETHERWATCH_STATE");
    if (state != null && !state.isBlank()) {
      return Path.of(state);
    }
    String root = env.get("ETHERWATCH_ROOT");
    if (root != null && !root.isBlank()) {
      return Path.of(root, ".etherwatch");
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("etherwatch"))
          && Files.isDirectory(dir.resolve(".etherwatch"))) {
        return dir.resolve(".etherwatch");
      }
    }
    return Path.of(".etherwatch").toAbsolutePath();
  }

  private URI defaultOrigin() {
    URI fromEnv = uriEnv("ETHERWATCH_URL");
    if (fromEnv != null) {
      return fromEnv;
    }
    String port = env.getOrDefault("ETHERWATCH_WEB_CONSOLE_PORT", "8080");
    return URI.create("http://127.0.0.1:" + port);
  }

  private URI uriEnv(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : URI.create(value.trim());
  }

  /**
   * Colours only on a terminal (stdin and stdout, Java 17's System.console()), never with NO_COLOR.
   */
  private boolean colour() {
    String noColorEnv = env.get("NO_COLOR");
    return !noColor
        && !json
        && (noColorEnv == null || noColorEnv.isEmpty())
        && !"dumb".equals(env.get("TERM"))
        && System.console() != null;
  }
}
