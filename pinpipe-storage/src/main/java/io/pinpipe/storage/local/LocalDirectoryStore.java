package io.pinpipe.storage.local;

import io.pinpipe.storage.Keys;
import io.pinpipe.storage.ObjectExistsException;
import io.pinpipe.storage.ObjectStore;
import io.pinpipe.storage.StorageException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} over a local directory (or a mounted file system). Objects are written to a
 * temporary file and hard-linked to their name, which fails if the name exists: objects are created,
 * never replaced (SPEC section 3), and readers never see a partial object. Metadata lives in a
 * sidecar tree {@code _pinpipe_meta/} beside the objects, so the object tree holds only objects and
 * tools that walk it (such as {@code check_archive.py}) see exactly the S3 layout; temporary files
 * live in {@code _pinpipe_tmp/}, so a crash mid-write leaves nothing in the object tree. The sidecar is
 * written after the object is claimed, so only the creator writes it; a crash between the two leaves
 * an object whose {@link #metadata} is empty. Thread-safe.
 */
public final class LocalDirectoryStore implements ObjectStore {
  static final String META_DIR = "_pinpipe_meta";
  static final String TEMP_DIR = "_pinpipe_tmp";

  private final Path root;

  private LocalDirectoryStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /**
   * A store rooted at {@code directory}, created if missing.
   *
   * @throws StorageException when the directory cannot be created
   */
  public static LocalDirectoryStore open(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("Cannot create store directory " + directory + ": " + e.getMessage(), e);
    }
    return new LocalDirectoryStore(directory);
  }

  /** The directory objects live under. */
  public Path root() {
    return root;
  }

  @Override
  public void create(String key, byte[] content, Map<String, String> metadata) {
    Path target = resolve(key);
    Path meta = resolve(META_DIR + "/" + key + ".properties");
    Path temp = null;
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new ObjectExistsException(key + " in " + root, null); // an early answer; the link below is the guarantee
      }
      Files.createDirectories(target.getParent());
      Files.createDirectories(meta.getParent());
      Path tempDir = Files.createDirectories(root.resolve(TEMP_DIR));
      temp = Files.createTempFile(tempDir, "put-", ".part");
      Files.write(temp, content);
      try (var channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      claim(key, temp, target);
      // only the creator gets here, so the sidecar is ours (it replaces the stale one of a deleted object,
      // if any); a crash before it leaves an object without metadata, which readers count by records
      writeAtomically(tempDir, meta, propertiesBytes(metadata));
    } catch (ObjectExistsException e) {
      throw e;
    } catch (IOException e) {
      throw new StorageException("Cannot put " + key + " into " + root + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp); // the link keeps the content; the temporary name goes
        } catch (IOException ignored) {
          // a leftover in _pinpipe_tmp/ is harmless
        }
      }
    }
  }

  /**
   * Gives the finished temporary file the object's name without ever replacing an object: link(2)
   * fails when the name exists, atomically, whereas rename(2) (even ATOMIC_MOVE without
   * REPLACE_EXISTING) would replace it. File systems without hard links fall back to a rename that
   * checks for the target first (not atomic against a concurrent creator).
   */
  private void claim(String key, Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      throw new ObjectExistsException(key + " in " + root, e);
    } catch (UnsupportedOperationException | FileSystemException noLinks) {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new ObjectExistsException(key + " in " + root, noLinks);
      }
      try {
        Files.move(temp, target);
      } catch (FileAlreadyExistsException e) {
        throw new ObjectExistsException(key + " in " + root, e);
      }
    }
  }

  @Override
  public List<String> list(String prefix) {
    Path start = root;
    int slash = prefix.lastIndexOf('/');
    if (slash > 0) {
      start = resolve(prefix.substring(0, slash));
    }
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    try (Stream<Path> files = Files.walk(start)) {
      files.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(k -> k.startsWith(prefix) && !k.startsWith(META_DIR + "/") && !k.startsWith(TEMP_DIR + "/"))
          .forEach(keys::add);
    } catch (IOException e) {
      throw new StorageException("Cannot list " + prefix + " in " + root + ": " + e.getMessage(), e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public Optional<Map<String, String>> metadata(String key) {
    if (!Files.isRegularFile(resolve(key))) {
      return Optional.empty();
    }
    Path meta = resolve(META_DIR + "/" + key + ".properties");
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      return Optional.of(Map.of());
    } catch (IOException e) {
      throw new StorageException("Cannot read metadata of " + key + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
    return Optional.of(values);
  }

  @Override
  public byte[] get(String key) {
    try {
      return Files.readAllBytes(resolve(key));
    } catch (IOException e) {
      throw new StorageException("Cannot get " + key + " from " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "LocalDirectoryStore[" + root + "]";
  }

  private Path resolve(String key) {
    Path path = root.resolve(Keys.checkKey(key)).normalize();
    if (!path.startsWith(root)) {
      throw new StorageException("Cannot use key " + key + ": it leaves " + root, null);
    }
    return path;
  }

  private static void writeAtomically(Path tempDir, Path target, byte[] content) throws IOException {
    Path temp = Files.createTempFile(tempDir, "put-", ".part");
    try {
      Files.write(temp, content);
      try (var channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static byte[] propertiesBytes(Map<String, String> metadata) throws IOException {
    Properties properties = new Properties();
    properties.putAll(metadata);
    java.io.StringWriter text = new java.io.StringWriter();
    try (Writer writer = text) {
      properties.store(writer, null);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
