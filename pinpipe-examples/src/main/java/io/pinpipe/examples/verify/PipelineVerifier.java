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
import io.pinpipe.storage.PartitionCheck;
import io.pinpipe.transform.CleanTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.SparkSession;

/**
 * Accounts for every record of a pipeline: Kafka's offsets per partition, the archive (each offset
 * exactly once, no gap, no overlap, errors counted), and the clean tables (clean rows = distinct
 * valid indexes, quarantined rows = records that break a rule, as the plain-Java {@link RowCleaner}
 * computes them independently of Spark). Each step adds rows to a {@link Verification}.
 */
public final class PipelineVerifier {
  private final Topics topics;
  private final JsonCodec codec = JsonCodec.standard();

  /** A verifier for one pipeline prefix. */
  public PipelineVerifier(Topics topics) {
    this.topics = topics;
  }

  /** Kafka's first and end offsets per partition, checked against the archive. */
  public void kafkaAgainstArchive(Map<String, Object> kafka, ObjectStore store, String root, Verification out) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
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
          long inKafka = end.get(tp) - first.get(tp);
          long stored = check == null ? 0 : check.records() + check.errorRecords();
          List<String> problems = new ArrayList<>();
          if (check != null && !check.exact()) {
            problems.add("gaps " + check.gaps() + " overlaps " + check.overlaps());
          }
          if (stored < inKafka) {
            problems.add((inKafka - stored) + " offsets not archived");
          }
          out.partition(new Verification.PartitionRow(topic, tp.partition(), first.get(tp), end.get(tp), stored,
              check == null ? 0 : check.errorRecords(), problems));
        }
      }
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
