package io.pinpipe.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where archived objects live: S3 ({@code storage.s3.S3ObjectStore}) or a local directory
 * ({@code storage.local.LocalDirectoryStore}). Keys are {@code /}-separated, never start with {@code /}
 * and never contain {@code ..} segments. Implementations are thread-safe.
 */
public interface ObjectStore extends AutoCloseable {
  /**
   * Stores {@code content} under {@code key} with user metadata, replacing any object there. Atomic:
   * a reader sees the whole new object or none of it, never a part.
   *
   * @throws StorageException after the implementation's own retries failed
   */
  void put(String key, byte[] content, Map<String, String> metadata);

  /**
   * Keys that start with {@code prefix}, in lexicographic order.
   *
   * @throws StorageException when listing fails
   */
  List<String> list(String prefix);

  /**
   * The user metadata of an object, or empty when there is no object at {@code key}.
   *
   * @throws StorageException when the lookup fails
   */
  Optional<Map<String, String>> metadata(String key);

  /**
   * The whole content of an object.
   *
   * @throws StorageException when it is missing or cannot be read
   */
  byte[] get(String key);

  /** Releases clients and connections; the default does nothing. */
  @Override
  default void close() {}
}
