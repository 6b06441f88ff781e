package io.pinpipe.storage;

import io.pinpipe.model.PinpipeException;

/** An object store operation failed; names the operation and the key. */
public class StorageException extends PinpipeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message "Cannot &lt;verb&gt; &lt;key&gt;: &lt;reason&gt;"
   * @param cause the underlying failure, may be null
   */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
