package io.pinpipe.bench;

import io.pinpipe.ingest.PostProducer;
import io.pinpipe.ingest.TopicAdmin;
import io.pinpipe.ingest.TopicSpec;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.rest.RestGateway;
import io.pinpipe.ingest.rest.RestProxyClient;
import io.pinpipe.ingest.rest.RestRecord;
import io.pinpipe.model.Post;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer and gateway benchmarks, on one embedded broker. Baselines send the very same bytes;
 * every measurement is taken twice, alternating ours and baseline, and the better of each is kept.
 */
final class IngestBenchmarks {
  private static final long SEED = 42;

  private final EmbeddedKafka kafka;
  private final ClientProperties client;
  private final PostGenerator generator = PostGenerator.withSeed(SEED);
  private final JsonCodec codec = JsonCodec.standard();
  /** What the raw baseline sends: each generator row's encoded records by type, and its key. */
  private final byte[][][] encoded = new byte[generator.rows()][RecordType.values().length][];
  private final byte[][] keys = new byte[generator.rows()][];
  private int topicCounter;

  IngestBenchmarks(EmbeddedKafka kafka) {
    this.kafka = kafka;
    this.client = ClientProperties.plaintext(kafka.bootstrapServers());
    for (int i = 0; i < generator.rows(); i++) {
      keys[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
      for (RecordType type : RecordType.values()) {
        encoded[i][type.ordinal()] = codec.encode(generator.row(i).record(type));
      }
    }
  }

  /** Typed producer vs raw {@code KafkaProducer<byte[],byte[]>} with the same pre-encoded records. */
  BenchResult producer(long posts) throws Exception {
    raw(freshTopics(), posts / 10); // warm-up
    typed(freshTopics(), posts / 10);
    double baseline = 0;
    double ours = 0;
    for (int round = 0; round < 2; round++) {
      baseline = Math.max(baseline, posts / raw(freshTopics(), posts));
      ours = Math.max(ours, posts / typed(freshTopics(), posts));
    }
    return new BenchResult("producer", ours, baseline, 0.9, "posts/s, " + posts + " posts = " + 3 * posts + " records");
  }

  /** Seconds for a raw producer to send {@code posts} posts, encoded once when this was built. */
  double raw(Topics topics, long posts) {
    Map<String, Object> props = new HashMap<>(producerDefaults());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      long started = System.nanoTime();
      Iterator<Post> draws = generator.iterator(posts);
      while (draws.hasNext()) {
        int ind = draws.next().ind();
        for (RecordType type : RecordType.values()) {
          producer.send(new ProducerRecord<>(topics.topic(type), keys[ind], encoded[ind][type.ordinal()]), (m, e) -> { });
        }
      }
      producer.flush();
      return (System.nanoTime() - started) / 1e9;
    }
  }

  /** Seconds for {@link PostProducer} to send {@code posts} posts. */
  double typed(Topics topics, long posts) {
    PostProducer.Builder builder = PostProducer.builder(topics, client);
    producerDefaults().forEach(builder::property);
    try (PostProducer producer = builder.build()) {
      long started = System.nanoTime();
      Iterator<Post> draws = generator.iterator(posts);
      while (draws.hasNext()) {
        producer.send(draws.next());
      }
      producer.flush();
      double seconds = (System.nanoTime() - started) / 1e9;
      if (producer.counters().failed() > 0) {
        throw new IllegalStateException("producer benchmark: " + producer.counters().failed() + " records failed");
      }
      return seconds;
    }
  }

  /** Gateway with 100-record requests from 8 clients vs a direct producer of the same records. */
  BenchResult gateway(long records) throws Exception {
    int clients = 8;
    int perRequest = 100;
    List<RestRecord> batch = new ArrayList<>(perRequest);
    for (int i = 0; i < perRequest; i++) {
      Post post = generator.row(i);
      batch.add(new RestRecord(Integer.toString(post.ind()).getBytes(StandardCharsets.US_ASCII), codec.encode(post.pin())));
    }
    long requests = Math.max(clients, records / perRequest);
    try (RestGateway gateway = RestGateway.builder(client).port(0).maxThreads(32).start()) {
      RestProxyClient rest = RestProxyClient.builder(gateway.uri()).batchSize(perRequest).build();
      viaGateway(rest, freshTopics().pin(), batch, clients, requests / 10, new long[(int) (requests / 10)]); // warm-up
      directProducer(freshTopics().pin(), batch, requests / 10);
      double baseline = 0;
      double ours = 0;
      long[] latencies = new long[(int) requests];
      for (int round = 0; round < 2; round++) {
        baseline = Math.max(baseline, directProducer(freshTopics().pin(), batch, requests));
        ours = Math.max(ours, viaGateway(rest, freshTopics().pin(), batch, clients, requests, latencies));
      }
      Arrays.sort(latencies);
      String note = String.format("records/s, %d requests of %d records, %d clients, p50=%.1fms p99=%.1fms", requests,
          perRequest, clients, latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
      return new BenchResult("gateway", ours, baseline, 0.5, note);
    }
  }

  private double viaGateway(RestProxyClient rest, String topic, List<RestRecord> batch, int clients, long requests,
      long[] latencies) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long started = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    for (int c = 0; c < clients; c++) {
      workers.add(pool.submit(() -> {
        for (long r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
          long t = System.nanoTime();
          rest.post(topic, batch);
          latencies[(int) r] = System.nanoTime() - t;
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    pool.shutdown();
    return requests * batch.size() / ((System.nanoTime() - started) / 1e9);
  }

  private double directProducer(String topic, List<RestRecord> batch, long requests) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerDefaults(), new ByteArraySerializer(), new ByteArraySerializer())) {
      long started = System.nanoTime();
      for (long r = 0; r < requests; r++) {
        for (RestRecord record : batch) {
          producer.send(new ProducerRecord<>(topic, record.keyJson(), record.valueJson()));
        }
      }
      producer.flush();
      return requests * batch.size() / ((System.nanoTime() - started) / 1e9);
    }
  }

  private Map<String, Object> producerDefaults() {
    Map<String, Object> props = new HashMap<>(client.asMap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return props;
  }

  /** New topics (3 partitions each) with a prefix not used before on this broker. */
  Topics freshTopics() {
    Topics topics = Topics.forPrefix("bench" + (++topicCounter));
    try (TopicAdmin admin = TopicAdmin.create(client)) {
      admin.ensureTopics(topics, TopicSpec.local(3));
    }
    return topics;
  }
}
