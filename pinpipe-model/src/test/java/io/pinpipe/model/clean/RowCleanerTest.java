package io.pinpipe.model.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawUser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowCleanerTest {
  @Test
  void cleansAPinIntoSpecColumns() {
    RawPin raw =
        new RawPin(7528, "id", "No Title Data Available", "Nice", "User Info Error", "211k",
            "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e", "image", "Image src error.", 0, "Local save in /data/art", "art");

    assertThat(RowCleaner.cleanPin(raw))
        .isEqualTo(new CleanPin(7528, "id", null, "Nice", 211_000L, null, null, "image", null, "/data/art", "art"));
  }

  @Test
  void cleansGeoAndUser() {
    assertThat(RowCleaner.cleanGeo(new RawGeo(1, "2019-01-02 03:04:05", -45.5, 120.25, "Maldives")))
        .isEqualTo(new CleanGeo(1, "Maldives", List.of(-45.5, 120.25), Instant.parse("2019-01-02T03:04:05Z")));
    assertThat(RowCleaner.cleanUser(new RawUser(1, "Ann", "O'Brien", 33, "2016-01-01 00:00:00")))
        .isEqualTo(new CleanUser(1, "Ann O'Brien", 33, Instant.parse("2016-01-01T00:00:00Z")));
    assertThat(RowCleaner.cleanGeo(new RawGeo(2, null, null, 3.0, null)).coordinates()).isNull();
  }

  @Test
  void quarantinesRowsThatBreakARule() {
    assertThatThrownBy(() -> RowCleaner.cleanGeo(new RawGeo(1, null, 90.5, 0.0, "x")))
        .isInstanceOfSatisfying(CleaningException.class,
            e -> assertThat(e.reason()).isEqualTo(QuarantineReason.LATITUDE_OUT_OF_RANGE));
    assertThatThrownBy(() -> RowCleaner.cleanGeo(new RawGeo(1, null, 0.0, -180.01, "x")))
        .hasMessageContaining("longitude_out_of_range");
    assertThatThrownBy(() -> RowCleaner.cleanUser(new RawUser(1, "a", "b", -1, null)))
        .hasMessageContaining("negative_age");
    assertThatThrownBy(() -> RowCleaner.cleanUser(new RawUser(1, "a", "b", 1, "not a date")))
        .hasMessageContaining("bad_timestamp");
  }
}
