package io.etherwatch.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/etherwatch-user} (what {@code ./etherwatch user} runs) against the running service.
 */
@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class UserCommandTest {
  private static final Path SCRIPT = Path.of("bin", "etherwatch-user");

  @TestHTTPResource("/")
  URL base;

  record Run(int exit, String out, String err) {}

  @Test
  void addsListsChangesThePasswordOfAndDeletesAUser() throws Exception {
    String name = Api.newUsername("cli");
    String first = "first long passphrase of " + name;
    String second = "second long passphrase of " + name;

    Run add =
        run(first + "\n", "add", name, "--roles", "viewer,operator", "--log-groups", "app/*,db/*");
    assertThat(add.exit()).as(add.err()).isZero();
    assertThat(add.out()).contains("added " + name);
    Api.login(name, first, Api.newAddress()).then().statusCode(201);

    Run list = run("", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).containsPattern(name + "\\s+operator,viewer\\s+app/\\*,db/\\*");

    Run passwd = run(second, "passwd", name);
    assertThat(passwd.exit()).as(passwd.err()).isZero();
    Api.login(name, first, Api.newAddress()).then().statusCode(401);
    Api.login(name, second, Api.newAddress()).then().statusCode(201);

    Run del = run("", "del", name);
    assertThat(del.exit()).as(del.err()).isZero();
    Run again = run("", "del", name);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("HTTP 404").contains("no user");
  }

  @Test
  void refusedPasswordIsReportedWithoutRepeatingIt() throws Exception {
    Run weak = run("Password1234\n", "add", Api.newUsername("weak"));

    assertThat(weak.exit()).isEqualTo(1);
    assertThat(weak.err()).contains("HTTP 400").contains("common").doesNotContain("Password1234");
  }

  @Test
  void wrongAdminPasswordFailsClearly() throws Exception {
    Run run = run("", List.of("ETHERWATCH_ADMIN_PASSWORD=not the admin password"), "list");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("HTTP 401").contains("Invalid username or password");
  }

  private Run run(String stdin, String... args) throws Exception {
    return run(stdin, List.of(), args);
  }

  private Run run(String stdin, List<String> extraEnv, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ETHERWATCH_AUTH_URL", base.toString());
    builder.environment().put("ETHERWATCH_ADMIN_PASSWORD", AuthTestEnv.adminPassword());
    for (String kv : extraEnv) {
      int eq = kv.indexOf('=');
      builder.environment().put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    Process process = builder.start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
