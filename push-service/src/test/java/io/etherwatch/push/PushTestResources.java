package io.etherwatch.push;

import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.KafkaResource;
import io.etherwatch.testsupport.MotoResource;
import io.quarkus.test.common.QuarkusTestResource;

/**
 * The real neighbours of every @QuarkusTest of this module (one Quarkus boot serves them all): the
 * shared Kafka broker, moto as CloudWatch Logs, the test JWKS and a generated cursor key.
 */
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(MotoResource.class)
@QuarkusTestResource(JwtResource.class)
@QuarkusTestResource(CursorKeyResource.class)
public final class PushTestResources {
  private PushTestResources() {}
}
