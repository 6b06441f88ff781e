package io.pinpipe.model;

import java.util.List;
import java.util.Optional;

/**
 * The three topic names of one pipeline prefix: {@code <prefix>.pin}, {@code <prefix>.geo},
 * {@code <prefix>.user} (SPEC section 1).
 *
 * @param prefix the pipeline prefix, for example the original user id {@code 0a1d8948160f}
 * @param pin topic of pin records
 * @param geo topic of geo records
 * @param user topic of user records
 */
public record Topics(String prefix, String pin, String geo, String user) {
  private static final int LONGEST_SUFFIX = ".user".length();

  /** Checks the prefix and that the names are the ones {@link #forPrefix} derives. */
  public Topics {
    checkPrefix(prefix);
    if (!pin.equals(prefix + ".pin") || !geo.equals(prefix + ".geo") || !user.equals(prefix + ".user")) {
      throw new IllegalArgumentException(
          "Cannot build topics for prefix " + Names.quote(prefix) + ": use Topics.forPrefix");
    }
  }

  /**
   * Derives the three topic names of a prefix.
   *
   * @param prefix 1..244 characters of {@code [a-zA-Z0-9._-]}, not {@code .} or {@code ..}
   * @throws InvalidNameException naming the value and the rule
   */
  public static Topics forPrefix(String prefix) {
    checkPrefix(prefix);
    return new Topics(prefix, prefix + ".pin", prefix + ".geo", prefix + ".user");
  }

  private static void checkPrefix(String prefix) {
    int max = Names.MAX_TOPIC_LENGTH - LONGEST_SUFFIX;
    if (prefix == null || prefix.length() > max || !Names.isValidTopic(prefix)) {
      throw new InvalidNameException(
          "prefix", prefix, "a prefix is 1.." + max + " characters of [a-zA-Z0-9._-] and not '.' or '..'");
    }
  }

  /** The topic of one record type. */
  public String topic(RecordType type) {
    return switch (type) {
      case PIN -> pin;
      case GEO -> geo;
      case USER -> user;
    };
  }

  /** The three topics in the order pin, geo, user. */
  public List<String> all() {
    return List.of(pin, geo, user);
  }

  /** The record type a topic of this prefix carries, or empty if the topic is not one of them. */
  public Optional<RecordType> typeOf(String topic) {
    for (RecordType type : RecordType.values()) {
      if (topic(type).equals(topic)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
