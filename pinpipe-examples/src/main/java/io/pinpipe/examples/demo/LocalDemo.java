package io.pinpipe.examples.demo;

import io.pinpipe.examples.console.Progress;
import io.pinpipe.examples.console.TextTable;
import io.pinpipe.examples.report.HtmlReport;
import io.pinpipe.examples.verify.PipelineVerifier;
import io.pinpipe.examples.verify.Verification;
import io.pinpipe.ingest.PostProducer;
import io.pinpipe.ingest.TopicAdmin;
import io.pinpipe.ingest.TopicSpec;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.config.MskIamAuth;
import io.pinpipe.ingest.emulate.EmulationSummary;
import io.pinpipe.ingest.emulate.PostSink;
import io.pinpipe.ingest.emulate.PostingEmulator;
import io.pinpipe.ingest.emulate.ProducerSink;
import io.pinpipe.ingest.emulate.RestSink;
import io.pinpipe.ingest.emulate.SyntheticSource;
import io.pinpipe.ingest.rest.GatewayAuth;
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
import io.pinpipe.query.CannedQuery;
import io.pinpipe.query.CleanTables;
import io.pinpipe.query.Queries;
import io.pinpipe.query.QueryResult;
import io.pinpipe.query.ResultFormat;
import io.pinpipe.testkit.LocalSpark;
import io.pinpipe.testkit.TempDirs;
import io.pinpipe.transform.ArchiveSource;
import io.pinpipe.transform.CleanJob;
import io.pinpipe.transform.CleanReport;
import io.pinpipe.transform.CleanTable;
import io.pinpipe.transform.TableFormat;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.SparkSession;

/**
 * The one-command local pipeline. Today it starts an embedded Kafka broker and the REST gateway,
 * creates the prefix's topics, emulates seeded synthetic posts (half through the typed producer, half
 * through the gateway in the original client's request shape), reads every topic back, decodes each
 * record, checks that each post is in each topic exactly once, archives the topics to the embedded S3
 * server with the archiver and checks the archive offset by offset, cleans the archive with local
 * Spark reading it over s3a, runs every canned query on the tables and prints the answers and a
 * conservation report.
 */
public final class LocalDemo {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
  private static final String BUCKET = "pinpipe";
  private static final String ARCHIVE_ROOT = "archive";
  private static final String API_KEY_HEADER = "x-api-key";

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
    Infrastructure infra = options.infrastructure();
    long started = System.nanoTime();
    try (EmbeddedKafka kafka = infra.bootstrap() == null ? startKafka() : null) {
      ClientProperties client = kafka != null ? ClientProperties.plaintext(kafka.bootstrapServers()) : realKafka(infra);
      try (TopicAdmin admin = TopicAdmin.create(client)) {
        admin.ensureTopics(topics, TopicSpec.local(options.partitions()));
      }
      long viaProducer = options.posts() / 2;
      long viaGateway = options.posts() - viaProducer;
      long sent;
      try (PostProducer producer = PostProducer.builder(topics, client).build()) {
        sent = emulate("send via producer", new ProducerSink(producer), topics, viaProducer, options.seed(), options.seed());
      }
      // the gateway requires an API key, as an API Gateway usage plan would: PINPIPE_GATEWAY_API_KEY or a random one
      String given = System.getenv("PINPIPE_GATEWAY_API_KEY");
      String apiKey = given != null ? given : randomKey();
      out.println("gateway requires " + API_KEY_HEADER + ": " + (given != null ? "PINPIPE_GATEWAY_API_KEY" : "a random key for this run"));
      try (RestGateway gateway = RestGateway.builder(client).port(0).basePath("/prod")
          .auth(GatewayAuth.apiKey(API_KEY_HEADER, apiKey)).start()) {
        RestSink sink = new RestSink(RestProxyClient.builder(gateway.uri()).apiKey(API_KEY_HEADER, apiKey).build(), topics, 1);
        sent += emulate("send via REST gateway", sink, topics, viaGateway, options.seed(), options.seed() + 1);
      }
      Map<String, Object> kafkaProperties = client.asMap();
      DemoReport report = readBack(kafkaProperties, topics, sent);
      try (EmbeddedS3 s3 = infra.s3() == null ? EmbeddedS3.startWithBucket(BUCKET) : null;
          S3ObjectStore store = s3 != null ? embeddedStore(s3) : realStore(infra)) {
        String bucket = s3 != null ? BUCKET : infra.s3().getHost();
        String root = s3 != null ? ARCHIVE_ROOT : Infrastructure.root(infra.s3());
        Archive archive = new Archive(store, root, "s3a://" + bucket + (root.isEmpty() ? "" : "/" + root));
        report = archive(kafkaProperties, topics, archive, report);
        report = cleanAndQuery(kafkaProperties, s3, archive, topics, report);
      }
      Path html = writeReport(report, topics);
      print(report, topics, (System.nanoTime() - started) / 1e9);
      out.println("report: " + html.toAbsolutePath());
      return report;
    }
  }

  private static String randomKey() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The archive the demo writes: a store, the root in it, and the same place as an s3a URI for Spark. */
  private record Archive(S3ObjectStore store, String root, String s3a) {}

  private static ClientProperties realKafka(Infrastructure infra) {
    if (!infra.mskIam()) {
      return ClientProperties.plaintext(infra.bootstrap());
    }
    return ClientProperties.mskIam(infra.bootstrap(),
        infra.awsProfile() == null ? MskIamAuth.defaultChain() : MskIamAuth.profile(infra.awsProfile()));
  }

  private static S3ObjectStore embeddedStore(EmbeddedS3 s3) {
    return S3ObjectStore.builder(BUCKET).endpoint(s3.endpoint()).region(s3.region()).credentials(s3.accessKey(), s3.secretKey()).build();
  }

  /** A real bucket: credentials from the default chain, region from AWS_REGION (us-east-1 otherwise). */
  private static S3ObjectStore realStore(Infrastructure infra) {
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    S3ObjectStore.Builder builder = S3ObjectStore.builder(infra.s3().getHost()).region(region);
    if (infra.s3Endpoint() != null) {
      builder.endpoint(infra.s3Endpoint());
    }
    return builder.build();
  }

  /** Archives the topics to S3 with the archiver, then checks the archive offset by offset. */
  private static DemoReport archive(Map<String, Object> kafka, Topics topics, Archive archive, DemoReport report) {
    S3ObjectStore store = archive.store();
    long total = report.recordsInKafka().values().stream().mapToLong(Long::longValue).sum();
    Archiver archiver = Archiver.builder(kafka, topics.all(), store, archive.root())
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
    ArchiveReader reader = new ArchiveReader(store, archive.root());
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
        archived, CleanReport.empty(), List.of(), discrepancies);
  }

  /** Cleans the archive with local Spark over s3a, then runs every canned query on the tables. */
  private DemoReport cleanAndQuery(Map<String, Object> kafka, EmbeddedS3 s3, Archive archive, Topics topics, DemoReport report) {
    String tables = options.infrastructure().tablesOr(options.out());
    SparkSession spark;
    try (Progress progress = Progress.start("start Spark", "session", 1)) {
      LocalSpark builder = LocalSpark.builder().conf("spark.sql.session.timeZone", "UTC");
      if (s3 != null) {
        builder.s3(s3);
      } else if (options.infrastructure().s3Endpoint() != null) {
        builder.conf("spark.hadoop.fs.s3a.endpoint", options.infrastructure().s3Endpoint().toString())
            .conf("spark.hadoop.fs.s3a.path.style.access", "true");
      }
      spark = builder.start();
      progress.set(1);
    }
    try {
      if (options.infrastructure().tables() == null) {
        TempDirs.deleteTree(options.out().resolve("tables"));
      }
      ArchiveSource source = ArchiveSource.at(archive.s3a()).withPrefix(options.prefix());
      CleanReport clean;
      try (Progress progress = Progress.start("clean with Spark", "tables", CleanTable.values().length)) {
        clean = CleanJob.builder(tables).build().runBatch(spark, source, count -> progress.advance(1));
      }
      List<String> discrepancies = new ArrayList<>();
      if (!clean.balanced()) {
        discrepancies.add("cleaning does not balance:\n" + clean.toText());
      }
      for (CleanTable table : CleanTable.values()) {
        long archived = report.recordsArchived().getOrDefault(topics.topic(table.recordType()), 0L);
        if (clean.table(table).raw() != archived) {
          discrepancies.add(table.tableName() + ": " + clean.table(table).raw() + " raw rows cleaned, " + archived + " archived");
        }
      }
      CleanTables.registerPaths(spark, tables, TableFormat.PARQUET);
      List<QueryResult> answers;
      try (Progress progress = Progress.start("run queries", "queries", CannedQuery.values().length)) {
        answers = new Queries(spark).collectAll();
        progress.set(answers.size());
      }
      Verification verification = new Verification();
      try (Progress progress = Progress.start("verify", "checks", 2)) {
        PipelineVerifier verifier = new PipelineVerifier(topics);
        verifier.kafkaAgainstArchive(kafka, archive.store(), archive.root(), verification);
        progress.advance(1);
        verifier.tablesAgainstArchive(spark, tables, archive.store(), archive.root(), verification);
        progress.advance(1);
      }
      out.println();
      out.print(verification.toText());
      if (!verification.allAccounted()) {
        discrepancies.add("pinpipe verify found a discrepancy (see its tables above)");
      }
      return report.withClean(clean, answers, discrepancies);
    } finally {
      spark.stop();
    }
  }

  /** The HTML report: verdict, conservation per topic, records per stage, every answer with charts. */
  private Path writeReport(DemoReport report, Topics topics) {
    List<List<Object>> rows = new ArrayList<>();
    for (String topic : topics.all()) {
      CleanTable table = CleanTable.of(topics.typeOf(topic).orElseThrow());
      var count = report.clean().table(table);
      rows.add(List.of(topic, report.postsSent(), report.recordsInKafka().getOrDefault(topic, 0L),
          report.recordsArchived().getOrDefault(topic, 0L), count.raw(), count.clean(), count.quarantined(), count.duplicates()));
    }
    long inKafka = report.recordsInKafka().values().stream().mapToLong(Long::longValue).sum();
    long archived = report.recordsArchived().values().stream().mapToLong(Long::longValue).sum();
    long cleaned = report.clean().tables().stream().mapToLong(c -> c.raw()).sum();
    long clean = report.clean().tables().stream().mapToLong(c -> c.clean()).sum();
    HtmlReport html = new HtmlReport("pinpipe demo: " + report.postsSent() + " posts, prefix " + options.prefix())
        .verdict(report.nothingLost(), report.nothingLost() ? "Nothing lost." : "Discrepancy: " + String.join("; ", report.discrepancies()))
        .table("Conservation", List.of("topic", "posts sent", "in Kafka", "archived", "raw rows cleaned", "clean", "quarantined", "duplicates"), rows)
        .chart("Records per stage", List.of("posts x 3 records", "in Kafka", "archived", "read by Spark", "clean rows"),
            List.of(report.postsSent() * 3, inKafka, archived, cleaned, clean))
        .answers(report.answers());
    return html.write(options.out().resolve("report.html"));
  }

  private EmbeddedKafka startKafka() {
    try (Progress progress = Progress.start("start Kafka", "broker", 1)) {
      EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(options.partitions()).start();
      progress.set(1);
      return kafka;
    }
  }

  /**
   * Emulates {@code posts} posts into {@code sink}; returns how many were stored. Both halves of the
   * demo draw from the same source rows ({@code rowsSeed}: an index always means the same post) in
   * different orders ({@code pickSeed}).
   */
  private static long emulate(String label, PostSink sink, Topics topics, long posts, long rowsSeed, long pickSeed) {
    EmulationSummary summary;
    try (Progress progress = Progress.start(label, "posts", posts)) {
      summary = PostingEmulator.builder(SyntheticSource.withSeed(rowsSeed), sink, topics)
          .posts(posts).seed(pickSeed).progress(progress::set).build().run();
    }
    if (summary.failed() > 0) {
      throw new IllegalStateException("Cannot " + label + ": " + summary.failed() + " posts failed, first: "
          + summary.firstFailures().get(0));
    }
    return summary.posted();
  }

  private DemoReport readBack(Map<String, Object> kafka, Topics topics, long sent) {
    Map<String, Object> props = new HashMap<>(kafka);
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
    return new DemoReport(options.posts(), inKafka, read, errors, Map.of(), CleanReport.empty(), List.of(), discrepancies);
  }

  private void print(DemoReport report, Topics topics, double seconds) {
    TextTable table = new TextTable("topic", "posts sent", "in Kafka", "read back", "decode errors", "archived");
    for (String topic : topics.all()) {
      table.row(topic, report.postsSent(), report.recordsInKafka().get(topic), report.recordsRead().get(topic),
          report.decodeErrors().get(topic), report.recordsArchived().getOrDefault(topic, 0L));
    }
    for (QueryResult answer : report.answers()) {
      out.println();
      out.println(answer.query().id() + ": " + answer.query().question());
      out.print(answer.render(ResultFormat.TABLE));
    }
    out.println();
    out.print(table.render());
    out.println();
    out.println(report.clean().toText());
    out.println();
    if (report.nothingLost()) {
      out.printf("nothing lost: every post is in each topic, in the S3 archive exactly once, and in the clean tables"
          + " as a clean, quarantined or duplicate row (%.1fs)%n", seconds);
      out.println("tables: " + options.infrastructure().tablesOr(options.out().toAbsolutePath()));
    } else {
      out.println("DISCREPANCY:");
      report.discrepancies().forEach(d -> out.println("  " + d));
    }
  }
}
