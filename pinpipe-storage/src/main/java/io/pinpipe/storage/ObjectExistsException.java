package io.pinpipe.storage;

/**
 * An object already exists at the key a writer tried to create (SPEC section 3: objects are created,
 * never replaced). Not a failure for {@link ArchiveWriter}: another writer, or an earlier attempt of
 * this one whose response was lost, got there first; the writer re-reads the stored range and goes on.
 */
public final class ObjectExistsException extends StorageException {
  private static final long serialVersionUID = 1L;

  /**
   * @param where the key, with the store's location (bucket or directory)
   * @param cause the store's answer (an S3 412 PreconditionFailed, a link that found the name taken), may be null
   */
  public ObjectExistsException(String where, Throwable cause) {
    super("Cannot create " + where + ": an object exists there", cause);
  }
}
