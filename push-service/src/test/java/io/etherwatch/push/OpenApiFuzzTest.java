package io.etherwatch.push;

import io.etherwatch.testsupport.Schemathesis;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Schemathesis fuzzes every operation of the service's own OpenAPI document (the Server-Sent Events
 * route) for about 20 s, with a token whose log-group patterns match every group: no query text or
 * header may be answered with a 5xx (issue 13). The module's shared resources ({@link
 * PushTestResources}) serve this boot too.
 */
@QuarkusTest
class OpenApiFuzzTest extends PushTestBase {

  @Test
  void noInputIsAnsweredWithAServerError() {
    Schemathesis.against(http("/")).bearer(token("*")).run().assertNoServerErrors();
  }
}
