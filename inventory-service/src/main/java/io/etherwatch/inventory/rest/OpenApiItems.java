package io.etherwatch.inventory.rest;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * States the rules of each element of the repeated query parameters, which parameter annotations
 * cannot: a stream name (1–512 characters, no {@code :} or {@code *}), a {@code Name=Value}
 * dimension in printable ASCII, a statistic's name. Registered by {@code mp.openapi.filter}.
 */
public class OpenApiItems implements OASFilter {
  private static final Map<String, Schema> ITEMS =
      Map.of(
          "streams",
          OASFactory.createSchema()
              .addType(Schema.SchemaType.STRING)
              .minLength(1)
              .maxLength(512)
              .pattern("^[^:*]+$"),
          "dimension",
          OASFactory.createSchema()
              .addType(Schema.SchemaType.STRING)
              .minLength(3)
              .maxLength(1280)
              .pattern("^[ -9;<>-~][ -<>-~]*=[ -~]+$"),
          "statistics",
          OASFactory.createSchema()
              .addType(Schema.SchemaType.STRING)
              .enumeration(List.of("Average", "Sum", "Minimum", "Maximum", "SampleCount")));

  @Override
  public Parameter filterParameter(Parameter parameter) {
    Schema items = ITEMS.get(parameter.getName());
    if (items != null
        && parameter.getSchema() != null
        && parameter.getSchema().getType() != null
        && parameter.getSchema().getType().contains(Schema.SchemaType.ARRAY)) {
      parameter.getSchema().setItems(items);
    }
    return parameter;
  }
}
