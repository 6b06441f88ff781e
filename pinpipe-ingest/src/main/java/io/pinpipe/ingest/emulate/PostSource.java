package io.pinpipe.ingest.emulate;

import io.pinpipe.model.Post;

/**
 * The emulator's tables: rows 0..{@link #rows()}-1, row {@code i} being the pin, geo and user rows at
 * position {@code i}, like the original's {@code pinterest_data}, {@code geolocation_data} and
 * {@code user_data}. Implementations say whether they are thread-safe.
 */
public interface PostSource extends AutoCloseable {
  /** Number of rows. */
  int rows();

  /**
   * The post at a row.
   *
   * @throws SourceRowException when the row cannot be read or its three parts are not aligned
   */
  Post row(int index);

  /** A short description for messages, for example {@code csv:/data/tables}. */
  String describe();

  /** Releases files or connections; the default does nothing. */
  @Override
  default void close() {}
}
