package io.pinpipe.ingest.emulate;

import io.pinpipe.model.PinpipeException;

/** A row of a source table that cannot become a post; names the source, the row and the reason. */
public final class SourceRowException extends PinpipeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param source the table or file
   * @param row the 0-based row index
   * @param reason what is wrong
   */
  public SourceRowException(String source, long row, String reason) {
    super("Cannot read row " + row + " of " + source + ": " + reason);
  }
}
