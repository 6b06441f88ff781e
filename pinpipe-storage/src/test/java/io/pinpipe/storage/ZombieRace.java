package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

/**
 * The deterministic zombie race (issue 15, item 2) on any store: two writers own one partition in
 * turn and cut objects at different points; the stale one uploads last. Nothing may be lost or stored
 * twice, and the new owner's objects stay as they were.
 */
final class ZombieRace {
  private ZombieRace() {}

  static void run(ObjectStore store, String root) {
    String topic = "zombie.pin";
    try (ArchiveWriter stale = ArchiveWriter.builder(store, root).rotation(RotationPolicy.defaults().withFlushSize(1_000)).build();
        ArchiveWriter owner = ArchiveWriter.builder(store, root).rotation(RotationPolicy.defaults().withFlushSize(10)).build()) {
      assertThat(stale.resumeOffset(topic, 0)).isEqualTo(-1);
      for (int o = 0; o < 5; o++) {
        stale.write(topic, 0, o, 0, json(o)); // the stale owner buffers 0..4, then freezes
      }
      assertThat(owner.resumeOffset(topic, 0)).isEqualTo(-1);
      for (int o = 0; o < 30; o++) {
        owner.write(topic, 0, o, 0, json(o)); // the new owner stores +0, +10, +20
      }
      stale.flushAll(); // the stale one wakes up and uploads last
      for (int o = 5; o < 35; o++) {
        stale.write(topic, 0, o, 0, json(o)); // and keeps going past the new owner
      }
      stale.flushAll();
      assertThat(stale.stats().records()).as("the stale writer stored only what the owner had not").isEqualTo(5);
      assertThat(owner.stats().records()).isEqualTo(30);
    }
    assertThat(new ArchiveReader(store, root).check(topic)).singleElement().satisfies(c -> {
      assertThat(c.gaps()).isEmpty();
      assertThat(c.overlaps()).isEmpty();
      assertThat(c.exact()).isTrue();
      assertThat(c.records()).isEqualTo(35);
      assertThat(c.lastOffset()).isEqualTo(34);
    });
    String first = new String(store.get(root + "/topics/" + topic + "/partition=0/" + topic + "+0+0000000000.json"), StandardCharsets.UTF_8);
    assertThat(first.lines()).as("the owner's first object is not replaced").hasSize(10);
    assertThat(store.list(root + "/topics/")).hasSize(4).last().asString().endsWith("+0000000030.json");
  }

  static byte[] json(int n) {
    return ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
  }
}
