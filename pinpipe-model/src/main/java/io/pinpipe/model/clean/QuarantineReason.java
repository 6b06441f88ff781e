package io.pinpipe.model.clean;

/**
 * Why a raw row was kept aside instead of cleaned (SPEC section 4, "Quarantine"). The {@link #code()}
 * is what quarantine tables store at the start of their {@code reason} column, in Java and Spark alike.
 */
public enum QuarantineReason {
  /** The value is not a JSON object, or not valid JSON. */
  MALFORMED_JSON("malformed_json"),
  /** The value is null: a Kafka tombstone, or {@code "value": null} posted through a gateway. */
  NULL_VALUE("null_value"),
  /**
   * A field holds a JSON value of another type than the contract says: {@code true}, an object, an
   * array or a number where a string belongs, or anything but a whole number where an int belongs.
   */
  WRONG_TYPE("wrong_type"),
  /** The row has no {@code index}/{@code ind}. */
  MISSING_INDEX("missing_index"),
  /** follower_count is neither digits, {@code <n>k}, {@code <n>M} nor a placeholder. */
  BAD_FOLLOWER_COUNT("bad_follower_count"),
  /** latitude outside -90..90. */
  LATITUDE_OUT_OF_RANGE("latitude_out_of_range"),
  /** longitude outside -180..180. */
  LONGITUDE_OUT_OF_RANGE("longitude_out_of_range"),
  /** A timestamp or date_joined that is not {@code yyyy-MM-dd HH:mm:ss}. */
  BAD_TIMESTAMP("bad_timestamp"),
  /** age below zero. */
  NEGATIVE_AGE("negative_age");

  private final String code;

  QuarantineReason(String code) {
    this.code = code;
  }

  /** Stable lower-case code, for example {@code bad_follower_count}. */
  public String code() {
    return code;
  }
}
