package io.pinpipe.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Reads an archive back: lists objects, iterates stored records by topic, partition and offset range,
 * and checks each partition for gaps and overlaps across both areas. Offsets are not records (SPEC
 * section 3): an object's range comes from its {@code pinpipe-end-offset} metadata and its size from
 * {@code pinpipe-record-count}, never from start + lines - 1, and a line's offset is known only when
 * the object's records are consecutive offsets. The store alone cannot tell a transaction marker
 * between two objects from a deleted object unless the later object says where its predecessor ended
 * ({@code pinpipe-from-offset}); other such ranges are reported as {@link PartitionCheck#unaccounted}
 * for a caller that reads Kafka to decide. Thread-safe.
 */
public final class ArchiveReader {
  private final ObjectStore store;
  private final String root;

  /** A reader of the archive under {@code root} in {@code store}. */
  public ArchiveReader(ObjectStore store, String root) {
    this.store = store;
    this.root = Keys.checkRoot(root);
  }

  /** Topics that have objects in the topics area, sorted. */
  public List<String> topics() {
    String prefix = (root.isEmpty() ? "" : root + "/") + ArchiveArea.TOPICS.directory() + "/";
    TreeSet<String> topics = new TreeSet<>();
    for (String key : store.list(prefix)) {
      ObjectKey.parse(key).ifPresent(k -> topics.add(k.topic()));
    }
    return List.copyOf(topics);
  }

  /** The objects of a topic in an area, ordered by partition and start offset. */
  public List<ObjectKey> objects(ArchiveArea area, String topic) {
    List<ObjectKey> keys = new ArrayList<>();
    for (String key : store.list(ObjectKey.topicPrefix(root, area, topic))) {
      ObjectKey.parse(key).filter(k -> k.topic().equals(topic) && k.area() == area).ifPresent(keys::add);
    }
    keys.sort(Comparator.comparingInt(ObjectKey::partition).thenComparingLong(ObjectKey::startOffset));
    return keys;
  }

  /**
   * The objects of a topic in an area with the ranges their metadata gives (SPEC section 3), ordered
   * by partition and start offset. Objects without pinpipe metadata are read and counted by lines.
   *
   * @throws StorageException when the store cannot be listed or read
   */
  public List<StoredRange> ranges(ArchiveArea area, String topic) {
    List<StoredRange> out = new ArrayList<>();
    for (ObjectKey key : objects(area, topic)) {
      out.add(range(key, store.metadata(key.key()).orElse(Map.of()), null));
    }
    return out;
  }

  private StoredRange range(ObjectKey key, Map<String, String> metadata, List<byte[]> lines) {
    String end = metadata.get(ArchiveWriter.END_OFFSET);
    String count = metadata.get(ArchiveWriter.RECORD_COUNT);
    if (end != null && count != null) {
      String from = metadata.get(ArchiveWriter.FROM_OFFSET);
      return new StoredRange(key, from == null ? -1 : Long.parseLong(from), key.startOffset(),
          Long.parseLong(end), Long.parseLong(count), true);
    }
    long n = (lines != null ? lines : lines(store.get(key.key()), key.gzip())).size();
    return new StoredRange(key, -1, key.startOffset(), key.startOffset() + n - 1, n, false);
  }

  /**
   * Hands every stored record of a partition whose object's range meets {@code from..to} to {@code
   * sink}, in offset order. A record's offset is known only in objects whose records are consecutive
   * offsets ({@link StoredRange#gapFree()}); those are filtered to {@code from..to} exactly. Objects
   * with offsets that are not records (transactional or compacted topics) or without pinpipe metadata
   * do not say which line has which offset: all their lines are handed over with {@link
   * ArchivedRecord#UNKNOWN_OFFSET}.
   */
  public void records(String topic, int partition, long from, long to, Consumer<ArchivedRecord> sink) {
    for (StoredRange range : ranges(ArchiveArea.TOPICS, topic)) {
      ObjectKey key = range.key();
      if (key.partition() != partition || range.end() < from || range.start() > to) {
        continue;
      }
      List<byte[]> lines = lines(store.get(key.key()), key.gzip());
      boolean known = range.gapFree() && lines.size() == range.count();
      for (int i = 0; i < lines.size(); i++) {
        if (!known) {
          sink.accept(new ArchivedRecord(topic, partition, ArchivedRecord.UNKNOWN_OFFSET, lines.get(i)));
          continue;
        }
        long offset = key.startOffset() + i;
        if (offset >= from && offset <= to) {
          sink.accept(new ArchivedRecord(topic, partition, offset, lines.get(i)));
        }
      }
    }
  }

  /** Hands every stored record of a partition to {@code sink}, in offset order (see {@link #records(String, int, long, long, Consumer)}). */
  public void records(String topic, int partition, Consumer<ArchivedRecord> sink) {
    records(topic, partition, Long.MIN_VALUE, Long.MAX_VALUE, sink);
  }

  /**
   * Checks every partition of a topic across both areas, with ranges from metadata, never from
   * start + lines - 1: objects, records, gaps, overlaps, ranges the store cannot account for, and
   * objects whose line count disagrees with their metadata. Reads every object.
   */
  public List<PartitionCheck> check(String topic) {
    Map<Integer, List<StoredRange>> byPartition = new TreeMap<>();
    Map<Integer, Integer> objectCount = new TreeMap<>();
    Map<Integer, Long> recordCount = new TreeMap<>();
    Map<Integer, Long> errorCount = new TreeMap<>();
    Map<Integer, List<String>> problems = new TreeMap<>();
    for (ArchiveArea area : ArchiveArea.values()) {
      for (ObjectKey key : objects(area, topic)) {
        Map<String, String> metadata = store.metadata(key.key()).orElse(Map.of());
        List<byte[]> lines = lines(store.get(key.key()), key.gzip());
        StoredRange range = range(key, metadata, lines);
        int p = key.partition();
        if (!range.fromMetadata() && area == ArchiveArea.ERRORS && !lines.isEmpty()) {
          // an errors object says each record's offset in its lines
          range = new StoredRange(key, -1, key.startOffset(), errorOffset(lines.get(lines.size() - 1)), lines.size(), false);
        }
        if (lines.size() != range.count()) {
          problems.computeIfAbsent(p, k -> new ArrayList<>())
              .add(key.key() + ": " + lines.size() + " lines, metadata says " + range.count());
        }
        byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(range);
        if (area == ArchiveArea.TOPICS) {
          objectCount.merge(p, 1, Integer::sum);
          recordCount.merge(p, range.count(), Long::sum);
        } else {
          errorCount.merge(p, range.count(), Long::sum);
        }
      }
    }
    List<PartitionCheck> checks = new ArrayList<>();
    for (Map.Entry<Integer, List<StoredRange>> entry : byPartition.entrySet()) {
      List<StoredRange> ranges = entry.getValue();
      ranges.sort(Comparator.comparingLong(StoredRange::start).thenComparingLong(StoredRange::end));
      List<String> gaps = new ArrayList<>();
      List<String> overlaps = new ArrayList<>();
      List<String> unaccounted = new ArrayList<>();
      long prevEnd = -1;
      boolean first = true;
      for (StoredRange range : ranges) {
        if (!first) {
          if (range.start() <= prevEnd) {
            overlaps.add(range.start() + "-" + Math.min(prevEnd, range.end()));
          } else if (range.knowsPredecessor()) {
            if (range.from() > prevEnd + 1) {
              gaps.add((prevEnd + 1) + "-" + (range.from() - 1)); // its writer saw an object end at from-1: it is gone
            }
          } else if (range.start() > prevEnd + 1) {
            unaccounted.add((prevEnd + 1) + "-" + (range.start() - 1));
          }
        }
        first = false;
        prevEnd = Math.max(prevEnd, range.end());
      }
      int p = entry.getKey();
      checks.add(new PartitionCheck(topic, p, objectCount.getOrDefault(p, 0), recordCount.getOrDefault(p, 0L),
          errorCount.getOrDefault(p, 0L), ranges.get(0).start(), prevEnd, gaps, overlaps, unaccounted,
          problems.getOrDefault(p, List.of()), ranges));
    }
    return checks;
  }

  private static long errorOffset(byte[] line) {
    String text = new String(line, StandardCharsets.UTF_8);
    int start = text.indexOf("\"offset\":") + 9;
    int end = start;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return Long.parseLong(text.substring(start, end));
  }

  /** The lines of an object's content, each without its line break. */
  static List<byte[]> lines(byte[] content, boolean gzip) {
    byte[] text = gzip ? gunzip(content) : content;
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length; i++) {
      if (text[i] == '\n') {
        lines.add(Arrays.copyOfRange(text, start, i));
        start = i + 1;
      }
    }
    if (start < text.length) {
      lines.add(Arrays.copyOfRange(text, start, text.length));
    }
    return lines;
  }

  private static byte[] gunzip(byte[] content) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(content.length * 4);
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new StorageException("Cannot decompress an archive object: " + e.getMessage(), e);
    }
  }

  /** Whether the archive has any object for {@code topic}. */
  public boolean has(String topic) {
    return !objects(ArchiveArea.TOPICS, topic).isEmpty() || !objects(ArchiveArea.ERRORS, topic).isEmpty();
  }

}
