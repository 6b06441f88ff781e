package io.pinpipe.model.clean;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain-Java cleaning rules of SPEC section 4, defined once so the Spark cleaner and any Java
 * consumer apply the same ones. Stateless and thread-safe.
 */
public final class CleaningRules {
  /** Values that mean "no data" and become null, the empty string included. */
  public static final List<String> PLACEHOLDERS =
      List.of(
          "No Title Data Available",
          "No description available Story format",
          "No description available",
          "Untitled",
          "User Info Error",
          "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e",
          "Image src error.",
          "");

  /** What the original crawler put before every save location; cleaning removes it. */
  public static final String SAVE_LOCATION_PREFIX = "Local save in ";

  /** Timestamp format of geo {@code timestamp} and user {@code date_joined}, in UTC. */
  public static final String TIMESTAMP_PATTERN = "yyyy-MM-dd HH:mm:ss";

  /** The same format with an ISO {@code T} separator, accepted as well. */
  public static final String ISO_TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss";

  /**
   * A valid follower count: group 1 plain digits, or group 2 a mantissa (may have a decimal part)
   * with group 3 the unit {@code k} or {@code M}. Usable as a Java or Spark SQL regex, with
   * {@code matches()} or {@code find()}/{@code rlike} alike: it ends in {@code \z}, not {@code $}, so a
   * trailing newline never matches.
   */
  public static final String FOLLOWER_COUNT_REGEX = "^(?:([0-9]{1,18})|([0-9]{1,15}(?:\\.[0-9]{1,6})?)([kM]))\\z";

  private static final Set<String> PLACEHOLDER_SET = Set.copyOf(PLACEHOLDERS);
  private static final Pattern FOLLOWER_COUNT = Pattern.compile(FOLLOWER_COUNT_REGEX);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
  private static final DateTimeFormatter ISO_TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private CleaningRules() {}

  /** Whether a raw string is one of the {@link #PLACEHOLDERS}; false for null. */
  public static boolean isPlaceholder(String value) {
    return value != null && PLACEHOLDER_SET.contains(value);
  }

  /** The value, or null when it is null or a placeholder. */
  public static String nullIfPlaceholder(String value) {
    return isPlaceholder(value) ? null : value;
  }

  /**
   * Parses a follower count: {@code "3419"} to 3419, {@code "211k"} to 211000, {@code "5M"} to
   * 5000000, {@code "1.5k"} to 1500.
   *
   * @return the count, or null when the raw value is null or a placeholder
   * @throws CleaningException ({@link QuarantineReason#BAD_FOLLOWER_COUNT}) for any other text, or a
   *     mantissa whose result is not a whole number or does not fit a long
   */
  public static Long parseFollowerCount(String raw) {
    if (raw == null || isPlaceholder(raw)) {
      return null;
    }
    Matcher m = FOLLOWER_COUNT.matcher(raw);
    if (!m.matches()) {
      throw new CleaningException(QuarantineReason.BAD_FOLLOWER_COUNT, "follower_count", raw);
    }
    if (m.group(1) != null) {
      return Long.parseLong(m.group(1));
    }
    long unit = m.group(3).equals("k") ? 1_000L : 1_000_000L;
    BigDecimal value = new BigDecimal(m.group(2)).multiply(BigDecimal.valueOf(unit));
    if (value.stripTrailingZeros().scale() > 0 || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new CleaningException(QuarantineReason.BAD_FOLLOWER_COUNT, "follower_count", raw);
    }
    return value.longValueExact();
  }

  /** Removes {@link #SAVE_LOCATION_PREFIX}; null and placeholders give null, other text is kept. */
  public static String stripSaveLocation(String raw) {
    String value = nullIfPlaceholder(raw);
    if (value != null && value.startsWith(SAVE_LOCATION_PREFIX)) {
      return value.substring(SAVE_LOCATION_PREFIX.length());
    }
    return value;
  }

  /**
   * Parses a UTC timestamp in {@link #TIMESTAMP_PATTERN} (or the ISO {@code T} variant).
   *
   * @param field the JSON field, for the error
   * @return the instant, or null when the raw value is null or a placeholder
   * @throws CleaningException ({@link QuarantineReason#BAD_TIMESTAMP}) for anything else
   */
  public static Instant parseTimestamp(String field, String raw) {
    if (raw == null || isPlaceholder(raw)) {
      return null;
    }
    DateTimeFormatter format = raw.length() > 10 && raw.charAt(10) == 'T' ? ISO_TIMESTAMP : TIMESTAMP;
    try {
      return LocalDateTime.parse(raw, format).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new CleaningException(QuarantineReason.BAD_TIMESTAMP, field, raw);
    }
  }

  /** Whether a latitude lies in -90..90 (NaN does not). */
  public static boolean isLatitude(double degrees) {
    return degrees >= -90 && degrees <= 90;
  }

  /** Whether a longitude lies in -180..180 (NaN does not). */
  public static boolean isLongitude(double degrees) {
    return degrees >= -180 && degrees <= 180;
  }
}
