package io.etherwatch.ingest.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardMapTest {

  @Test
  void mapsAGroupToTheSameShardEveryTime() {
    assertThat(new ShardMap(4).shardOf("/var/log/messages"))
        .isEqualTo(new ShardMap(4).shardOf("/var/log/messages"))
        .isBetween(0, 3);
  }

  @Test
  void spreadsGroupsOverEveryShard() {
    ShardMap map = new ShardMap(4);
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      used.add(map.shardOf("etherwatch/host-" + i));
    }
    assertThat(used).containsExactlyInAnyOrder(0, 1, 2, 3);
  }

  @Test
  void oneShardOwnsEverything() {
    assertThat(new ShardMap(1).shardOf("anything")).isZero();
  }
}
