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
   * Creates an object at {@code key} with user metadata, only if no object is there: objects are
   * created, never replaced (SPEC section 3). Atomic: a reader sees the whole object or none of it,
   * and of writers racing for one key exactly one succeeds; the others get {@link ObjectExistsException}.
   *
   * @throws ObjectExistsException when an object already exists at {@code key}, whoever created it (an
   *     earlier attempt of the same caller whose answer was lost included)
   * @throws StorageException after the implementation's own retries failed
   */
  void create(String key, byte[] content, Map<String, String> metadata);

  /**
   * Same as {@link #create}: kept so callers written before conditional creates compile; it never
   * replaces an existing object.
   *
   * @deprecated use {@link #create}, whose name says what it does
   */
  @Deprecated
  default void put(String key, byte[] content, Map<String, String> metadata) {
    create(key, content, metadata);
  }

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
