package io.pinpipe.model;

/** The three kinds of raw record a post is made of, with their topic suffix and key field. */
public enum RecordType {
  /** A pin: {@code <prefix>.pin}, keyed by {@code index}. */
  PIN("pin", "index"),
  /** Where and when: {@code <prefix>.geo}, keyed by {@code ind}. */
  GEO("geo", "ind"),
  /** Who posted: {@code <prefix>.user}, keyed by {@code ind}. */
  USER("user", "ind");

  private final String suffix;
  private final String keyField;

  RecordType(String suffix, String keyField) {
    this.suffix = suffix;
    this.keyField = keyField;
  }

  /** The topic suffix after the prefix and the dot: {@code pin}, {@code geo} or {@code user}. */
  public String suffix() {
    return suffix;
  }

  /** The JSON field holding the row index: {@code index} for pins, {@code ind} otherwise. */
  public String keyField() {
    return keyField;
  }
}
