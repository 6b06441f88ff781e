package io.pinpipe.ingest.rest;

import io.pinpipe.model.PinpipeException;

/** A REST Proxy refused a request, or records still failed after the retries. */
public final class RestProxyException extends PinpipeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final int errorCode;

  RestProxyException(String message, int status, int errorCode) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /** HTTP status of the last answer, or -1 when there was none. */
  public int status() {
    return status;
  }

  /** The proxy's {@code error_code}, or -1 when there was none. */
  public int errorCode() {
    return errorCode;
  }
}
