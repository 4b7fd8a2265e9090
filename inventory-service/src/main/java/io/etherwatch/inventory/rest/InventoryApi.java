package io.etherwatch.inventory.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI description: every route needs an access token from auth-service. */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Etherwatch inventory-service",
            version = "0.1.0",
            description = "EC2 instances, CloudWatch metric statistics, log groups and streams."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    securitySchemeName = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class InventoryApi extends Application {}
