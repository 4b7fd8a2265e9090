package io.etherwatch.console;

import io.etherwatch.testsupport.ServiceHealthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(FakeServices.class)
class HealthTest extends ServiceHealthContract {}
