package io.pinpipe.storage;

/** The two areas of an archive: the records, and the records that could not be archived as JSON. */
public enum ArchiveArea {
  /** {@code <root>/topics/...}: one JSON record value per line. */
  TOPICS("topics"),
  /** {@code <root>/errors/...}: {@code {"offset":..,"reason":..,"value_base64":..}} per line. */
  ERRORS("errors");

  private final String directory;

  ArchiveArea(String directory) {
    this.directory = directory;
  }

  /** The key segment, {@code topics} or {@code errors}. */
  public String directory() {
    return directory;
  }
}
