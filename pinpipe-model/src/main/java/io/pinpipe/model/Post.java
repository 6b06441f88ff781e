package io.pinpipe.model;

import java.util.Objects;

/**
 * One post: the pin, geo and user rows that share a row index, sent together by the emulator.
 *
 * @param pin the pin row
 * @param geo the geo row
 * @param user the user row
 */
public record Post(RawPin pin, RawGeo geo, RawUser user) {
  /** Rejects nulls and rows of different indexes. */
  public Post {
    Objects.requireNonNull(pin, "pin");
    Objects.requireNonNull(geo, "geo");
    Objects.requireNonNull(user, "user");
    if (pin.index() != geo.ind() || pin.index() != user.ind()) {
      throw new IllegalArgumentException(
          "Cannot build post: rows are not aligned (pin index "
              + pin.index()
              + ", geo ind "
              + geo.ind()
              + ", user ind "
              + user.ind()
              + ")");
    }
  }

  /** The shared row index. */
  public int ind() {
    return pin.index();
  }

  /** The row of one record type. */
  public RawRecord record(RecordType type) {
    return switch (type) {
      case PIN -> pin;
      case GEO -> geo;
      case USER -> user;
    };
  }
}
