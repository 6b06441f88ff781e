package io.pinpipe.model.clean;

import io.pinpipe.model.Names;
import io.pinpipe.model.PinpipeException;

/** A raw row breaks a cleaning rule and belongs in quarantine; names the field, value and rule. */
public final class CleaningException extends PinpipeException {
  private static final long serialVersionUID = 1L;

  private final QuarantineReason reason;
  private final String field;

  /**
   * @param reason the broken rule
   * @param field the JSON field at fault
   * @param value the offending value (quoted and truncated in the message)
   */
  public CleaningException(QuarantineReason reason, String field, String value) {
    super("Cannot clean " + field + " " + Names.quote(value) + ": " + reason.code());
    this.reason = reason;
    this.field = field;
  }

  /** The broken rule. */
  public QuarantineReason reason() {
    return reason;
  }

  /** The JSON field at fault. */
  public String field() {
    return field;
  }
}
