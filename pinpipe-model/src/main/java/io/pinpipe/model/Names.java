package io.pinpipe.model;

/**
 * Validation of names that become Kafka topics, object-key segments or paths. All methods are
 * static, thread-safe and reject null.
 */
public final class Names {
  /** Longest Kafka topic name. */
  public static final int MAX_TOPIC_LENGTH = 249;

  private static final String TOPIC_RULE =
      "a topic name is 1.." + MAX_TOPIC_LENGTH + " characters of [a-zA-Z0-9._-] and not '.' or '..'";

  private Names() {}

  /**
   * Checks a Kafka topic name (SPEC section 1).
   *
   * @return {@code topic}, unchanged
   * @throws InvalidNameException naming the value and the rule
   */
  public static String checkTopic(String topic) {
    if (!isValidTopic(topic)) {
      throw new InvalidNameException("topic", topic, TOPIC_RULE);
    }
    return topic;
  }

  /** Whether {@code topic} is a legal Kafka topic name; false for null. */
  public static boolean isValidTopic(String topic) {
    if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
      return false;
    }
    if (topic.equals(".") || topic.equals("..")) {
      return false;
    }
    for (int i = 0; i < topic.length(); i++) {
      if (!isTopicChar(topic.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static boolean isTopicChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }

  /**
   * Quotes a user-supplied value for an error message: single quotes, at most 80 characters, control
   * and non-ASCII characters escaped as {@code \\uXXXX} so a message can never forge log lines.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), 80) + 8).append('\'');
    int limit = Math.min(value.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > limit) {
      out.append("...(").append(value.length()).append(" chars)");
    }
    return out.append('\'').toString();
  }
}
