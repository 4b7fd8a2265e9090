package io.etherwatch.inventory;

import io.etherwatch.testsupport.JwtResource;
import io.etherwatch.testsupport.MotoResource;
import io.etherwatch.testsupport.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(MotoResource.class)
@WithTestResource(JwtResource.class)
class HealthTest extends ServiceHealthContract {}
