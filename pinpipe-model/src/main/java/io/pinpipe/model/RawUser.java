package io.pinpipe.model;

/**
 * A raw user ({@code <prefix>.user}). Every field except {@code ind} may be null.
 *
 * @param ind row index
 * @param firstName JSON {@code first_name}
 * @param lastName JSON {@code last_name}
 * @param age years
 * @param dateJoined JSON {@code date_joined}, {@code yyyy-MM-dd HH:mm:ss}, UTC, unparsed
 */
public record RawUser(int ind, String firstName, String lastName, Integer age, String dateJoined)
    implements RawRecord {

  @Override
  public RecordType type() {
    return RecordType.USER;
  }
}
