package io.pinpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostTest {
  private static final RawPin PIN = new RawPin(5, null, null, null, null, null, null, null, null, null, null, null);

  @Test
  void rejectsRowsOfDifferentIndexes() {
    assertThatThrownBy(() -> new Post(PIN, new RawGeo(5, null, null, null, null), new RawUser(6, null, null, null, null)))
        .hasMessageContaining("not aligned")
        .hasMessageContaining("user ind 6");
  }

  @Test
  void exposesTheSharedIndexAndEachRecord() {
    RawGeo geo = new RawGeo(5, null, null, null, null);
    Post post = new Post(PIN, geo, new RawUser(5, null, null, null, null));

    assertThat(post.ind()).isEqualTo(5);
    assertThat(post.record(RecordType.GEO)).isSameAs(geo);
  }
}
