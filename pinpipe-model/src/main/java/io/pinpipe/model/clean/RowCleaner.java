package io.pinpipe.model.clean;

import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawUser;
import java.util.List;

/**
 * Cleans one raw row at a time with {@link CleaningRules}, exactly as the Spark cleaner does per
 * row (deduplication is a table-level step and not done here). Stateless and thread-safe.
 */
public final class RowCleaner {
  private RowCleaner() {}

  /**
   * Cleans a pin.
   *
   * @throws CleaningException when the follower count breaks its rule
   */
  public static CleanPin cleanPin(RawPin raw) {
    return new CleanPin(
        raw.index(),
        CleaningRules.nullIfPlaceholder(raw.uniqueId()),
        CleaningRules.nullIfPlaceholder(raw.title()),
        CleaningRules.nullIfPlaceholder(raw.description()),
        CleaningRules.parseFollowerCount(raw.followerCount()),
        CleaningRules.nullIfPlaceholder(raw.posterName()),
        CleaningRules.nullIfPlaceholder(raw.tagList()),
        CleaningRules.nullIfPlaceholder(raw.isImageOrVideo()),
        CleaningRules.nullIfPlaceholder(raw.imageSrc()),
        CleaningRules.stripSaveLocation(raw.saveLocation()),
        CleaningRules.nullIfPlaceholder(raw.category()));
  }

  /**
   * Cleans a geo row.
   *
   * @throws CleaningException for coordinates out of range or an unparseable timestamp
   */
  public static CleanGeo cleanGeo(RawGeo raw) {
    if (raw.latitude() != null && !CleaningRules.isLatitude(raw.latitude())) {
      throw new CleaningException(QuarantineReason.LATITUDE_OUT_OF_RANGE, "latitude", raw.latitude().toString());
    }
    if (raw.longitude() != null && !CleaningRules.isLongitude(raw.longitude())) {
      throw new CleaningException(
          QuarantineReason.LONGITUDE_OUT_OF_RANGE, "longitude", raw.longitude().toString());
    }
    List<Double> coordinates =
        raw.latitude() == null || raw.longitude() == null ? null : List.of(raw.latitude(), raw.longitude());
    return new CleanGeo(
        raw.ind(),
        CleaningRules.nullIfPlaceholder(raw.country()),
        coordinates,
        CleaningRules.parseTimestamp("timestamp", raw.timestamp()));
  }

  /**
   * Cleans a user row.
   *
   * @throws CleaningException for a negative age or an unparseable date_joined
   */
  public static CleanUser cleanUser(RawUser raw) {
    if (raw.age() != null && raw.age() < 0) {
      throw new CleaningException(QuarantineReason.NEGATIVE_AGE, "age", raw.age().toString());
    }
    String first = CleaningRules.nullIfPlaceholder(raw.firstName());
    String last = CleaningRules.nullIfPlaceholder(raw.lastName());
    return new CleanUser(
        raw.ind(),
        first == null || last == null ? null : first + " " + last,
        raw.age(),
        CleaningRules.parseTimestamp("date_joined", raw.dateJoined()));
  }
}
