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
 * and checks each partition for gaps and overlaps across both areas. Offsets of records in a data
 * object are its start offset plus the line number (the writer keeps objects contiguous). Thread-safe.
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

  /** Hands every stored record of a partition with {@code from <= offset <= to} to {@code sink}, in offset order. */
  public void records(String topic, int partition, long from, long to, Consumer<ArchivedRecord> sink) {
    for (ObjectKey key : objects(ArchiveArea.TOPICS, topic)) {
      if (key.partition() != partition) {
        continue;
      }
      List<byte[]> lines = lines(store.get(key.key()), key.gzip());
      for (int i = 0; i < lines.size(); i++) {
        long offset = key.startOffset() + i;
        if (offset >= from && offset <= to) {
          sink.accept(new ArchivedRecord(topic, partition, offset, lines.get(i)));
        }
      }
    }
  }

  /** Checks every partition of a topic: objects, records, errors, gaps and overlaps. */
  public List<PartitionCheck> check(String topic) {
    Map<Integer, List<long[]>> spans = new TreeMap<>();
    Map<Integer, Integer> objectCount = new TreeMap<>();
    Map<Integer, Long> recordCount = new TreeMap<>();
    Map<Integer, Long> errorCount = new TreeMap<>();
    for (ObjectKey key : objects(ArchiveArea.TOPICS, topic)) {
      long count = lines(store.get(key.key()), key.gzip()).size();
      spans.computeIfAbsent(key.partition(), p -> new ArrayList<>()).add(new long[] {key.startOffset(), key.startOffset() + count - 1});
      objectCount.merge(key.partition(), 1, Integer::sum);
      recordCount.merge(key.partition(), count, Long::sum);
    }
    for (ObjectKey key : objects(ArchiveArea.ERRORS, topic)) {
      for (byte[] line : lines(store.get(key.key()), key.gzip())) {
        long offset = errorOffset(line);
        spans.computeIfAbsent(key.partition(), p -> new ArrayList<>()).add(new long[] {offset, offset});
        errorCount.merge(key.partition(), 1L, Long::sum);
      }
    }
    List<PartitionCheck> checks = new ArrayList<>();
    for (Map.Entry<Integer, List<long[]>> entry : spans.entrySet()) {
      List<long[]> ranges = entry.getValue();
      ranges.sort(Comparator.comparingLong((long[] r) -> r[0]));
      List<String> gaps = new ArrayList<>();
      List<String> overlaps = new ArrayList<>();
      long next = ranges.get(0)[0];
      long last = -1;
      for (long[] range : ranges) {
        if (range[0] > next) {
          gaps.add(next + "-" + (range[0] - 1));
        } else if (range[0] < next) {
          overlaps.add(range[0] + "-" + Math.min(next - 1, range[1]));
        }
        next = Math.max(next, range[1] + 1);
        last = Math.max(last, range[1]);
      }
      int p = entry.getKey();
      checks.add(new PartitionCheck(topic, p, objectCount.getOrDefault(p, 0), recordCount.getOrDefault(p, 0L),
          errorCount.getOrDefault(p, 0L), ranges.get(0)[0], last, gaps, overlaps));
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
