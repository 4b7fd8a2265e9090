package io.etherwatch.console.health;

import io.etherwatch.console.config.ConsoleConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether each service behind the console is ready ({@code auth-service: UP|DOWN}, …) but
 * is always UP itself: the console still serves the front end, and names the missing service in its
 * 502s, while one restarts.
 */
@Readiness
@ApplicationScoped
public class ServicesReadiness implements AsyncHealthCheck {

  private static final long TIMEOUT_MILLIS = 1000;

  private final Map<String, URI> services;
  private final HttpClient client;

  ServicesReadiness(ConsoleConfig config, Vertx vertx) {
    services =
        Map.of(
            "auth-service", config.authUrl(),
            "inventory-service", config.inventoryUrl(),
            "push-service", config.pushUrl());
    client = vertx.createHttpClient();
  }

  @Override
  public Uni<HealthCheckResponse> call() {
    List<String> names = services.keySet().stream().sorted().toList();
    List<Future<String>> states = names.stream().map(name -> state(services.get(name))).toList();
    Future<HealthCheckResponse> response =
        Future.join(states)
            .transform(
                done -> {
                  HealthCheckResponseBuilder builder =
                      HealthCheckResponse.named("services behind the console").up();
                  for (int i = 0; i < names.size(); i++) {
                    builder.withData(names.get(i), states.get(i).result());
                  }
                  return Future.succeededFuture(builder.build());
                });
    return Uni.createFrom().completionStage(response.toCompletionStage());
  }

  private Future<String> state(URI url) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost(url.getHost())
            .setPort(
                url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80)
            .setSsl("https".equals(url.getScheme()))
            .setURI("/q/health/ready")
            .setTimeout(TIMEOUT_MILLIS);
    return client
        .request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() == 200))
        .map(ready -> ready ? "UP" : "DOWN")
        .otherwise("DOWN");
  }
}
