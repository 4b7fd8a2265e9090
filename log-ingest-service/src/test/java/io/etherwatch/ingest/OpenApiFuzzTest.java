package io.etherwatch.ingest;

import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.Schemathesis;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Schemathesis fuzzes every operation of the service's own OpenAPI document for about 20 s: no
 * input may be answered with a 5xx (issue 13). The status route takes no token (it is on the
 * loopback admin port, DESIGN section 2), so none is sent.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(MotoResource.class)
class OpenApiFuzzTest {
  @TestHTTPResource("/")
  URL root;

  @Test
  void noInputIsAnsweredWithAServerError() {
    Schemathesis.against(URI.create("http://127.0.0.1:" + root.getPort() + "/"))
        .run()
        .assertNoServerErrors();
  }
}
