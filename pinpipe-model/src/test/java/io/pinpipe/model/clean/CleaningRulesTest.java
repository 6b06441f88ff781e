package io.pinpipe.model.clean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CleaningRulesTest {
  @ParameterizedTest
  @CsvSource({
    "3419, 3419", "0, 0", "211k, 211000", "5M, 5000000", "15M, 15000000", "1.5k, 1500", "2.25M, 2250000",
    "1.000k, 1000", "999999999999999999, 999999999999999999"
  })
  void parsesFollowerCounts(String raw, long expected) {
    assertThat(CleaningRules.parseFollowerCount(raw)).isEqualTo(expected);
  }

  @Test
  void placeholderAndNullFollowerCountsAreNull() {
    assertThat(CleaningRules.parseFollowerCount("User Info Error")).isNull();
    assertThat(CleaningRules.parseFollowerCount("")).isNull();
    assertThat(CleaningRules.parseFollowerCount(null)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.2345k", "12K", "3m", "k", "1.5", "-5", "1 000", "5MM", "abc", " 12", "1e3", "9999999999999999999", "999999999999999M", "9223372036854.775808M", "12\n"})
  void rejectsOtherFollowerCountsWithTheRule(String raw) {
    assertThatThrownBy(() -> CleaningRules.parseFollowerCount(raw))
        .isInstanceOfSatisfying(
            CleaningException.class, e -> assertThat(e.reason()).isEqualTo(QuarantineReason.BAD_FOLLOWER_COUNT))
        .hasMessageContaining("follower_count");
  }

  @Test
  void everyPlaceholderIsRecognised() {
    assertThat(CleaningRules.PLACEHOLDERS).hasSize(8);
    CleaningRules.PLACEHOLDERS.forEach(p -> assertThat(CleaningRules.nullIfPlaceholder(p)).as(p).isNull());
    assertThat(CleaningRules.nullIfPlaceholder("No description")).isEqualTo("No description");
  }

  @Test
  void stripsTheSaveLocationPrefixOnly() {
    assertThat(CleaningRules.stripSaveLocation("Local save in /data/mens-fashion")).isEqualTo("/data/mens-fashion");
    assertThat(CleaningRules.stripSaveLocation("/data/art")).isEqualTo("/data/art");
    assertThat(CleaningRules.stripSaveLocation(null)).isNull();
  }

  @Test
  void parsesTimestampsAsUtcStrictly() {
    assertThat(CleaningRules.parseTimestamp("timestamp", "2020-08-28 03:52:47"))
        .isEqualTo(Instant.parse("2020-08-28T03:52:47Z"));
    assertThat(CleaningRules.parseTimestamp("timestamp", "2020-08-28T03:52:47"))
        .isEqualTo(Instant.parse("2020-08-28T03:52:47Z"));
    assertThat(CleaningRules.parseTimestamp("timestamp", "")).isNull();
    for (String bad : new String[] {"2021-02-29 00:00:00", "2020-13-01 00:00:00", "yesterday", "2020-08-28"}) {
      assertThatThrownBy(() -> CleaningRules.parseTimestamp("date_joined", bad))
          .as(bad)
          .hasMessageContaining("date_joined")
          .hasMessageContaining("bad_timestamp");
    }
  }
}
