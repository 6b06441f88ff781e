package io.pinpipe.model;

/**
 * Root of pinpipe's unchecked exceptions. Messages read "Cannot &lt;verb&gt; &lt;thing&gt;: &lt;reason&gt;"
 * and name the offending value, never a secret. Callers that may retry check for {@link Retriable}.
 */
public class PinpipeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message what could not be done and why */
  public PinpipeException(String message) {
    super(message);
  }

  /**
   * @param message what could not be done and why
   * @param cause the underlying failure
   */
  public PinpipeException(String message, Throwable cause) {
    super(message, cause);
  }
}
