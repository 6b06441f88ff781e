package io.pinpipe.bench;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.storage.Archiver;
import io.pinpipe.storage.ArchiverMetrics;
import io.pinpipe.storage.ObjectStore;
import io.pinpipe.storage.RotationPolicy;
import io.pinpipe.storage.local.LocalDirectoryStore;
import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedS3;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The archiver against a plain consumer that concatenates values and PUTs one object per 10,000
 * records, reading the same topic into the same store: to s3proxy and to a local directory.
 */
final class ArchiveBenchmarks {
  private final EmbeddedKafka kafka;
  private int run;

  ArchiveBenchmarks(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  List<BenchResult> archiver(long records) throws Exception {
    String topic = "bench-archive.pin";
    kafka.createTopic(topic, 3);
    produce(topic, records);
    try (EmbeddedS3 s3 = EmbeddedS3.startWithBucket("bench");
        S3ObjectStore store = S3ObjectStore.builder("bench").endpoint(s3.endpoint()).region(s3.region())
            .credentials(s3.accessKey(), s3.secretKey()).build()) {
      Path dir = Files.createTempDirectory("pinpipe-bench-archive");
      try (LocalDirectoryStore local = LocalDirectoryStore.open(dir)) {
        return List.of(compare("archiver-s3", store, topic, records), compare("archiver-local", local, topic, records));
      }
    }
  }

  private BenchResult compare(String name, ObjectStore store, String topic, long records) throws Exception {
    double ours = 0;
    double baseline = 0;
    for (int round = 0; round < 2; round++) {
      baseline = Math.max(baseline, records / baseline(store, "baseline-" + (++run), List.of(topic), records));
      ours = Math.max(ours, records / ours(store, "ours-" + (++run), List.of(topic), records));
    }
    return new BenchResult(name, ours, baseline, 0.8, "records/s, " + records + " records of ~600 B, 3 partitions");
  }

  /** Seconds for the archiver to store {@code records} records of {@code topics} under {@code root}. */
  double ours(ObjectStore store, String root, List<String> topics, long records) {
    long started = System.nanoTime();
    Archiver archiver = Archiver.builder(kafka.clientProperties(), topics, store, root).groupId(root)
        .rotation(RotationPolicy.defaults().withFlushSize(10_000).withIdleInterval(Duration.ofMillis(50)))
        .pollTimeout(Duration.ofMillis(50)).build().start();
    while (true) {
      ArchiverMetrics metrics = archiver.metrics();
      if (metrics.records() >= records) {
        break;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    archiver.close();
    return seconds;
  }

  /** Seconds for a plain consumer to store them: values concatenated per partition, one PUT per 10,000 records, commit after. */
  double baseline(ObjectStore store, String root, List<String> topics, long records) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put("group.id", root);
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", false);
    props.put("max.poll.records", 2000);
    long started = System.nanoTime();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(topics);
      Map<TopicPartition, ByteArrayOutputStream> buffers = new HashMap<>();
      Map<TopicPartition, Integer> counts = new HashMap<>();
      Map<TopicPartition, Long> starts = new HashMap<>();
      long done = 0;
      while (done < records) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          starts.putIfAbsent(tp, record.offset());
          ByteArrayOutputStream buffer = buffers.computeIfAbsent(tp, k -> new ByteArrayOutputStream(1 << 20));
          buffer.writeBytes(record.value());
          buffer.write('\n');
          done++;
          if (counts.merge(tp, 1, Integer::sum) == 10_000 || done == records) {
            store.put(root + "/" + tp.topic() + "/" + tp.partition() + "/" + starts.remove(tp) + ".json", buffer.toByteArray(), Map.of());
            buffer.reset();
            counts.put(tp, 0);
          }
        }
      }
      for (Map.Entry<TopicPartition, ByteArrayOutputStream> e : buffers.entrySet()) {
        if (e.getValue().size() > 0) {
          store.put(root + "/" + e.getKey().topic() + "/" + e.getKey().partition() + "/rest.json", e.getValue().toByteArray(), Map.of());
        }
      }
      consumer.commitSync();
    }
    return (System.nanoTime() - started) / 1e9;
  }

  private void produce(String topic, long records) {
    PostGenerator generator = PostGenerator.withSeed(3);
    JsonCodec codec = JsonCodec.standard();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      generator.posts(records).forEach(post -> producer.send(new ProducerRecord<>(topic, codec.encode(post.record(RecordType.PIN)))));
    }
  }
}
