package io.pinpipe.examples.verify;

import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RawUser;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.clean.CleaningException;
import io.pinpipe.model.clean.RowCleaner;
import io.pinpipe.model.json.DecodeException;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.storage.ArchiveReader;
import io.pinpipe.storage.ObjectStore;
import io.pinpipe.model.PinpipeException;
import io.pinpipe.storage.PartitionCheck;
import io.pinpipe.storage.StoredRange;
import io.pinpipe.transform.CleanTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.SparkSession;

/**
 * Accounts for every record of a pipeline: the records a {@code read_committed} consumer reads per
 * partition against the archive (each record exactly once, no gap, no overlap, errors counted), and the clean tables (clean rows = distinct
 * valid indexes, quarantined rows = records that break a rule, as the plain-Java {@link RowCleaner}
 * computes them independently of Spark). Each step adds rows to a {@link Verification}.
 */
public final class PipelineVerifier {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final Topics topics;
  private final JsonCodec codec = JsonCodec.standard();

  /** A verifier for one pipeline prefix. */
  public PipelineVerifier(Topics topics) {
    this.topics = topics;
  }

  /**
   * Every record a {@code read_committed} consumer reads from each partition, checked against the
   * archive's objects and their metadata ranges (SPEC section 3: offsets are not records). A record
   * no object range holds is named with its offsets; an object whose record count differs from the
   * records Kafka has in its range, gaps the metadata proves, and overlaps are named too. Transaction
   * markers, aborted and compacted records are not records, so an exact archive of a transactional or
   * compacted topic is "ok". Reads each partition once, in order; memory does not grow with its size.
   */
  public void kafkaAgainstArchive(Map<String, Object> kafka, ObjectStore store, String root, Verification out) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    ArchiveReader reader = new ArchiveReader(store, root);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      for (String topic : topics.all()) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<Integer, PartitionCheck> archived = new HashMap<>();
        reader.check(topic).forEach(c -> archived.put(c.partition(), c));
        for (TopicPartition tp : partitions) {
          PartitionCheck check = archived.get(tp.partition());
          List<String> problems = new ArrayList<>();
          if (check != null) {
            check.gaps().forEach(gap -> problems.add("offsets " + gap + " were archived and are gone (an object deleted?)"));
            check.overlaps().forEach(overlap -> problems.add("offsets " + overlap + " archived more than once"));
            problems.addAll(check.problems());
          }
          RangeMatch match = new RangeMatch(check == null ? List.of() : check.ranges());
          long records = readCommitted(consumer, tp, first.get(tp), end.get(tp), match::record);
          match.finish();
          problems.addAll(match.problems());
          long stored = check == null ? 0 : check.records() + check.errorRecords();
          out.partition(new Verification.PartitionRow(
              topic, tp.partition(), first.get(tp), end.get(tp), records, stored, check == null ? 0 : check.errorRecords(), problems));
        }
      }
    }
  }

  /** Hands the offset of every record a read_committed consumer reads from {@code from} to {@code end}; returns how many. */
  private static long readCommitted(
      KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from, long end, LongConsumer sink) {
    consumer.assign(List.of(tp));
    consumer.seek(tp, from);
    long records = 0;
    long quietSince = System.nanoTime();
    while (consumer.position(tp) < end) {
      ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
      if (polled.isEmpty()) {
        if (System.nanoTime() - quietSince > READ_TIMEOUT.toNanos()) {
          throw new PinpipeException("Cannot read " + tp + " up to offset " + end + ": stuck at " + consumer.position(tp));
        }
        continue;
      }
      quietSince = System.nanoTime();
      for (ConsumerRecord<byte[], byte[]> record : polled) {
        if (record.offset() < end) {
          sink.accept(record.offset());
          records++;
        }
      }
    }
    return records;
  }

  /**
   * Walks Kafka's record offsets (ascending) and the archive's object ranges (by start) together:
   * each record must fall in a range, each range must hold as many records as its metadata says.
   */
  private static final class RangeMatch {
    private static final int MAX_NAMED = 10;
    private final List<StoredRange> ranges;
    private final List<String> problems = new ArrayList<>();
    private int index;
    private long inRange;
    private long missingFrom = -1;
    private long missingTo = -1;
    private long missing;
    private int runs;

    RangeMatch(List<StoredRange> ranges) {
      this.ranges = ranges;
    }

    void record(long offset) {
      while (index < ranges.size() && ranges.get(index).end() < offset) {
        closeRange();
      }
      if (index < ranges.size() && ranges.get(index).start() <= offset) {
        inRange++;
        return;
      }
      missing++;
      if (missingFrom >= 0 && offset == missingTo + 1) {
        missingTo = offset;
        return;
      }
      closeMissing();
      missingFrom = offset;
      missingTo = offset;
    }

    void finish() {
      while (index < ranges.size()) {
        closeRange();
      }
      closeMissing();
      if (runs > MAX_NAMED) {
        problems.add("... " + (runs - MAX_NAMED) + " more runs; " + missing + " records not archived in all");
      }
    }

    List<String> problems() {
      return problems;
    }

    private void closeRange() {
      StoredRange range = ranges.get(index++);
      if (inRange != range.count()) {
        problems.add("object " + range.key().key() + " holds " + range.count() + " records, Kafka has " + inRange
            + " in offsets " + range.start() + "-" + range.end());
      }
      inRange = 0;
    }

    private void closeMissing() {
      if (missingFrom < 0) {
        return;
      }
      if (++runs <= MAX_NAMED) {
        problems.add("offsets " + missingFrom + "-" + missingTo + " not archived (no object holds them)");
      }
      missingFrom = -1;
    }
  }

  /** The clean tables under {@code dir} against what the archive's records should clean to. */
  public void tablesAgainstArchive(SparkSession spark, String dir, ObjectStore store, String root, Verification out) {
    ArchiveReader reader = new ArchiveReader(store, root);
    String base = dir.endsWith("/") ? dir : dir + "/";
    for (RecordType type : RecordType.values()) {
      String topic = topics.topic(type);
      Set<Integer> valid = new HashSet<>();
      long[] counts = new long[2]; // raw, quarantined
      for (PartitionCheck check : reader.check(topic)) {
        if (check.records() == 0) {
          continue;
        }
        reader.records(topic, check.partition(), check.firstOffset(), check.lastOffset(), record -> {
          counts[0]++;
          Integer ind = cleanIndex(type, topic, record.value());
          if (ind == null) {
            counts[1]++;
          } else {
            valid.add(ind);
          }
        });
      }
      CleanTable table = CleanTable.of(type);
      long clean = spark.read().schema(table.schema()).parquet(base + table.tableName()).count();
      long quarantined = spark.read().schema(CleanTable.QUARANTINE_SCHEMA).parquet(base + table.quarantineName()).count();
      out.table(new Verification.TableRow(table.tableName(), counts[0], valid.size(), clean, counts[1], quarantined));
    }
  }

  /** The row index a record cleans to, or null when it belongs in quarantine. */
  private Integer cleanIndex(RecordType type, String topic, byte[] value) {
    try {
      RawRecord raw = codec.decode(type, topic, value);
      if (raw instanceof RawPin pin) {
        return RowCleaner.cleanPin(pin).ind();
      }
      return raw instanceof RawGeo geo ? RowCleaner.cleanGeo(geo).ind() : RowCleaner.cleanUser((RawUser) raw).ind();
    } catch (DecodeException | CleaningException e) {
      return null;
    }
  }
}
