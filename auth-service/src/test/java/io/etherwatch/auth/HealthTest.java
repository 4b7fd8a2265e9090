package io.etherwatch.auth;

import io.etherwatch.testsupport.ServiceHealthContract;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = AuthTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class HealthTest extends ServiceHealthContract {}
