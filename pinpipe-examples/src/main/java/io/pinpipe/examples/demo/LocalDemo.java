package io.pinpipe.examples.demo;

import io.pinpipe.examples.console.Progress;
import io.pinpipe.examples.console.TextTable;
import io.pinpipe.ingest.PostProducer;
import io.pinpipe.ingest.TopicAdmin;
import io.pinpipe.ingest.TopicSpec;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.emulate.EmulationSummary;
import io.pinpipe.ingest.emulate.PostSink;
import io.pinpipe.ingest.emulate.PostingEmulator;
import io.pinpipe.ingest.emulate.ProducerSink;
import io.pinpipe.ingest.emulate.RestSink;
import io.pinpipe.ingest.emulate.SyntheticSource;
import io.pinpipe.ingest.rest.RestGateway;
import io.pinpipe.ingest.rest.RestProxyClient;
import io.pinpipe.model.Topics;
import io.pinpipe.storage.ArchiveReader;
import io.pinpipe.storage.Archiver;
import io.pinpipe.storage.ArchiverMetrics;
import io.pinpipe.storage.PartitionCheck;
import io.pinpipe.storage.RotationPolicy;
import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.model.json.DecodeException;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The one-command local pipeline. Today it starts an embedded Kafka broker and the REST gateway,
 * creates the prefix's topics, emulates seeded synthetic posts (half through the typed producer, half
 * through the gateway in the original client's request shape), reads every topic back, decodes each
 * record, checks that each post is in each topic exactly once, archives the topics to the embedded S3
 * server with the archiver and checks the archive offset by offset. Later stages (cleaning, queries)
 * join as their modules land.
 */
public final class LocalDemo {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
  private static final String BUCKET = "pinpipe";
  private static final String ARCHIVE_ROOT = "archive";

  private final DemoOptions options;
  private final PrintStream out;
  private final JsonCodec codec = JsonCodec.standard();

  /**
   * @param options what to run
   * @param out where results go (progress goes to stderr)
   */
  public LocalDemo(DemoOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** Runs the demo; embedded servers are stopped when it returns or throws. */
  public DemoReport run() {
    Topics topics = Topics.forPrefix(options.prefix());
    long started = System.nanoTime();
    try (EmbeddedKafka kafka = startKafka()) {
      ClientProperties client = ClientProperties.plaintext(kafka.bootstrapServers());
      try (TopicAdmin admin = TopicAdmin.create(client)) {
        admin.ensureTopics(topics, TopicSpec.local(options.partitions()));
      }
      long viaProducer = options.posts() / 2;
      long viaGateway = options.posts() - viaProducer;
      long sent;
      try (PostProducer producer = PostProducer.builder(topics, client).build()) {
        sent = emulate("send via producer", new ProducerSink(producer), topics, viaProducer, options.seed());
      }
      try (RestGateway gateway = RestGateway.builder(client).port(0).basePath("/prod").start()) {
        RestSink sink = new RestSink(RestProxyClient.builder(gateway.uri()).build(), topics, 1);
        sent += emulate("send via REST gateway", sink, topics, viaGateway, options.seed() + 1);
      }
      DemoReport report = readBack(kafka, topics, sent);
      try (EmbeddedS3 s3 = EmbeddedS3.startWithBucket(BUCKET);
          S3ObjectStore store = S3ObjectStore.builder(BUCKET).endpoint(s3.endpoint()).region(s3.region())
              .credentials(s3.accessKey(), s3.secretKey()).build()) {
        report = archive(kafka, topics, store, report);
      }
      print(report, topics, (System.nanoTime() - started) / 1e9);
      return report;
    }
  }

  /** Archives the topics to S3 with the archiver, then checks the archive offset by offset. */
  private static DemoReport archive(EmbeddedKafka kafka, Topics topics, S3ObjectStore store, DemoReport report) {
    long total = report.recordsInKafka().values().stream().mapToLong(Long::longValue).sum();
    Archiver archiver = Archiver.builder(kafka.clientProperties(), topics.all(), store, ARCHIVE_ROOT)
        .groupId("pinpipe-demo-archiver")
        .rotation(RotationPolicy.defaults().withFlushSize(10_000).withIdleInterval(Duration.ofMillis(500)))
        .build().start();
    try (Progress progress = Progress.start("archive to S3", "records", total)) {
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        ArchiverMetrics metrics = archiver.metrics();
        progress.set(metrics.records() + metrics.errors());
        if (metrics.records() + metrics.errors() >= total) {
          break;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
      }
    } finally {
      archiver.close();
    }
    ArchiveReader reader = new ArchiveReader(store, ARCHIVE_ROOT);
    Map<String, Long> archived = new LinkedHashMap<>();
    List<String> discrepancies = new ArrayList<>(report.discrepancies());
    for (String topic : topics.all()) {
      List<PartitionCheck> checks = reader.check(topic);
      archived.put(topic, checks.stream().mapToLong(PartitionCheck::records).sum());
      checks.stream().filter(c -> !c.exact() || c.errorRecords() > 0)
          .forEach(c -> discrepancies.add("archive " + c.topic() + "-" + c.partition() + ": gaps " + c.gaps()
              + ", overlaps " + c.overlaps() + ", errors " + c.errorRecords()));
      if (!archived.get(topic).equals(report.recordsInKafka().get(topic))) {
        discrepancies.add(topic + ": " + archived.get(topic) + " records archived, " + report.recordsInKafka().get(topic) + " in Kafka");
      }
    }
    return new DemoReport(report.postsSent(), report.recordsInKafka(), report.recordsRead(), report.decodeErrors(),
        archived, discrepancies);
  }

  private EmbeddedKafka startKafka() {
    try (Progress progress = Progress.start("start Kafka", "broker", 1)) {
      EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(options.partitions()).start();
      progress.set(1);
      return kafka;
    }
  }

  /** Emulates {@code posts} posts into {@code sink}; returns how many were stored. */
  private static long emulate(String label, PostSink sink, Topics topics, long posts, long seed) {
    EmulationSummary summary;
    try (Progress progress = Progress.start(label, "posts", posts)) {
      summary = PostingEmulator.builder(SyntheticSource.withSeed(seed), sink, topics)
          .posts(posts).seed(seed).progress(progress::set).build().run();
    }
    if (summary.failed() > 0) {
      throw new IllegalStateException("Cannot " + label + ": " + summary.failed() + " posts failed, first: "
          + summary.firstFailures().get(0));
    }
    return summary.posted();
  }

  private DemoReport readBack(EmbeddedKafka kafka, Topics topics, long sent) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    Map<String, Long> inKafka = new LinkedHashMap<>();
    Map<String, Long> read = new LinkedHashMap<>();
    Map<String, Long> errors = new LinkedHashMap<>();
    Map<String, Map<Integer, Long>> seen = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics.all()) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        read.put(topic, 0L);
        errors.put(topic, 0L);
        seen.put(topic, new HashMap<>());
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      ends.forEach((tp, end) -> inKafka.merge(tp.topic(), end, Long::sum));
      long total = inKafka.values().stream().mapToLong(Long::longValue).sum();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      try (Progress progress = Progress.start("read back", "records", total)) {
        long done = 0;
        while (done < total && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            String topic = record.topic();
            read.merge(topic, 1L, Long::sum);
            try {
              int ind = codec.decode(topics.typeOf(topic).orElseThrow(), topic, record.value()).ind();
              seen.get(topic).merge(ind, 1L, Long::sum);
            } catch (DecodeException e) {
              errors.merge(topic, 1L, Long::sum);
            }
            done++;
          }
          progress.set(done);
        }
      }
    }
    List<String> discrepancies = new ArrayList<>();
    for (String topic : topics.all()) {
      long expected = sent;
      if (inKafka.get(topic) != expected) {
        discrepancies.add(topic + ": " + inKafka.get(topic) + " records in Kafka, " + expected + " posts sent");
      }
      if (read.get(topic) != expected) {
        discrepancies.add(topic + ": read " + read.get(topic) + " of " + expected);
      }
      if (errors.get(topic) != 0) {
        discrepancies.add(topic + ": " + errors.get(topic) + " records did not decode");
      }
      if (!seen.get(topic).equals(seen.get(topics.pin()))) {
        discrepancies.add(topic + ": its records' indexes differ from the pin topic's (posts not aligned)");
      }
    }
    if (sent != options.posts()) {
      discrepancies.add("emulated " + options.posts() + " posts but only " + sent + " were stored");
    }
    return new DemoReport(options.posts(), inKafka, read, errors, Map.of(), discrepancies);
  }

  private void print(DemoReport report, Topics topics, double seconds) {
    TextTable table = new TextTable("topic", "posts sent", "in Kafka", "read back", "decode errors", "archived");
    for (String topic : topics.all()) {
      table.row(topic, report.postsSent(), report.recordsInKafka().get(topic), report.recordsRead().get(topic),
          report.decodeErrors().get(topic), report.recordsArchived().getOrDefault(topic, 0L));
    }
    out.println();
    out.print(table.render());
    out.println();
    if (report.nothingLost()) {
      out.printf("nothing lost: every post is in each topic and in the S3 archive exactly once (%.1fs)%n", seconds);
    } else {
      out.println("DISCREPANCY:");
      report.discrepancies().forEach(d -> out.println("  " + d));
    }
  }
}
