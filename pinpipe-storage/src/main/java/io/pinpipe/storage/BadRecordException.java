package io.pinpipe.storage;

/** A record could not be archived as JSON and the writer was told to fail instead of dead-lettering. */
public final class BadRecordException extends StorageException {
  private static final long serialVersionUID = 1L;

  BadRecordException(String topic, int partition, long offset, String reason) {
    super("Cannot archive record " + topic + "-" + partition + "@" + offset + ": " + reason, null);
  }
}
