package io.pinpipe.examples.demo;

import io.pinpipe.examples.console.Progress;
import io.pinpipe.examples.console.TextTable;
import io.pinpipe.model.Post;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.DecodeException;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The one-command local pipeline. Today it starts an embedded Kafka broker, creates the prefix's
 * topics, sends seeded synthetic posts as their three records, reads every topic back, decodes each
 * record and checks that each post is in each topic exactly once. Later stages (gateway, archive,
 * cleaning, queries) join as their modules land.
 */
public final class LocalDemo {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);

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
      for (String topic : topics.all()) {
        kafka.createTopic(topic, options.partitions());
      }
      Map<String, Map<Integer, Long>> sent = produce(kafka, topics);
      DemoReport report = readBack(kafka, topics, sent);
      print(report, topics, (System.nanoTime() - started) / 1e9);
      return report;
    }
  }

  private EmbeddedKafka startKafka() {
    try (Progress progress = Progress.start("start Kafka", "broker", 1)) {
      EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(options.partitions()).start();
      progress.set(1);
      return kafka;
    }
  }

  /** Sends the posts; returns, per topic, how often each index was sent. */
  private Map<String, Map<Integer, Long>> produce(EmbeddedKafka kafka, Topics topics) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    Map<Integer, Long> perIndex = new HashMap<>();
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
        Progress progress = Progress.start("send posts", "posts", options.posts())) {
      Iterator<Post> posts = PostGenerator.withSeed(options.seed()).iterator(options.posts());
      long count = 0;
      while (posts.hasNext()) {
        Post post = posts.next();
        byte[] key = Integer.toString(post.ind()).getBytes(StandardCharsets.UTF_8);
        for (RecordType type : RecordType.values()) {
          producer.send(
              new ProducerRecord<>(topics.topic(type), key, codec.encode(post.record(type))),
              (metadata, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                } else {
                  acknowledged.incrementAndGet();
                }
              });
        }
        perIndex.merge(post.ind(), 1L, Long::sum);
        if (++count % 1_000 == 0) {
          progress.set(count);
        }
      }
      producer.flush();
      progress.set(count);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Cannot send posts: " + failure.get().getMessage(), failure.get());
    }
    Map<String, Map<Integer, Long>> sent = new LinkedHashMap<>();
    topics.all().forEach(topic -> sent.put(topic, perIndex));
    return sent;
  }

  private DemoReport readBack(EmbeddedKafka kafka, Topics topics, Map<String, Map<Integer, Long>> sent) {
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
      long expected = options.posts();
      if (inKafka.get(topic) != expected) {
        discrepancies.add(topic + ": " + inKafka.get(topic) + " records in Kafka, " + expected + " posts sent");
      }
      if (read.get(topic) != expected) {
        discrepancies.add(topic + ": read " + read.get(topic) + " of " + expected);
      }
      if (errors.get(topic) != 0) {
        discrepancies.add(topic + ": " + errors.get(topic) + " records did not decode");
      }
      if (!seen.get(topic).equals(sent.get(topic))) {
        discrepancies.add(topic + ": the indexes read differ from the indexes sent");
      }
    }
    return new DemoReport(options.posts(), inKafka, read, errors, discrepancies);
  }

  private void print(DemoReport report, Topics topics, double seconds) {
    TextTable table = new TextTable("topic", "posts sent", "in Kafka", "read back", "decode errors");
    for (String topic : topics.all()) {
      table.row(topic, report.postsSent(), report.recordsInKafka().get(topic), report.recordsRead().get(topic),
          report.decodeErrors().get(topic));
    }
    out.println();
    out.print(table.render());
    out.println();
    if (report.nothingLost()) {
      out.printf("nothing lost: every post is in each topic exactly once (%.1fs)%n", seconds);
    } else {
      out.println("DISCREPANCY:");
      report.discrepancies().forEach(d -> out.println("  " + d));
    }
  }
}
