package io.etherwatch.inventory.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One period's statistics; a statistic the caller did not ask for is left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Datapoint(
    Instant timestamp,
    Double average,
    Double sum,
    Double minimum,
    Double maximum,
    Double sampleCount) {}
