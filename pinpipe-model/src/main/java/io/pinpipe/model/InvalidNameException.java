package io.pinpipe.model;

/**
 * A name that would become a Kafka topic, an object key or a path breaks its rule. The message names
 * the value (quoted, control characters escaped) and the rule.
 */
public final class InvalidNameException extends PinpipeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param what the kind of name, for example "topic" or "prefix"
   * @param value the rejected value, may be null
   * @param rule the rule it breaks
   */
  public InvalidNameException(String what, String value, String rule) {
    super("Cannot use " + what + " " + Names.quote(value) + ": " + rule);
  }
}
