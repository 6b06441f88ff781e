package io.pinpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void waitsDoubleWithinHalfToFullStepAndNeverPassTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
    long[] steps = {100, 200, 400, 800, 1_000, 1_000, 1_000};
    for (int round = 0; round < 200; round++) {
      backoff.reset();
      for (long step : steps) {
        long wait = backoff.next().toMillis();
        assertThat(wait).isBetween(step / 2, step);
      }
    }
  }

  @Test
  void theJitterCoversBothEndsOfTheStep() {
    Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> 0);
    Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), bound -> bound - 1);
    assertThat(low.next()).isEqualTo(Duration.ofMillis(50));
    assertThat(high.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(low.next()).isEqualTo(Duration.ofMillis(100));
    assertThat(high.next()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void resetStartsOverAndHugeCapsDoNotOverflow() {
    Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(Long.MAX_VALUE), bound -> bound - 1);
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      waits.add(backoff.next().toMillis());
    }
    assertThat(waits).allMatch(w -> w > 0);
    backoff.reset();
    assertThat(backoff.next()).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("cap");
    assertThat(Backoff.standard().next()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
  }
}
