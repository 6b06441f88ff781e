package io.pinpipe.ingest;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.Post;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends posts to a prefix's three topics: each {@link Post} becomes its pin, geo and user records,
 * keyed by {@code ind} (decimal text), encoded with {@link JsonCodec}.
 *
 * <p>Asynchronous: {@link #send(Post)} returns at once with a future that completes when Kafka has
 * acknowledged all three records, or fails with the first {@link SendException}. A failure is never
 * swallowed: it reaches the future, the {@link SendListener} and the {@link #counters()}.
 *
 * <p>Safe defaults: {@code acks=all}, idempotence on, {@code linger.ms=5}, and a bounded buffer
 * ({@link Builder#bufferMemory(long)}, default 32 MiB): when it is full, {@code send} blocks up to
 * {@code max.block.ms} and then fails the post instead of growing memory. Thread-safe.
 */
public final class PostProducer implements AutoCloseable {
  private static final SendListener NO_LISTENER = new SendListener() {};

  /** Default bound of the producer's record buffer. */
  public static final long DEFAULT_BUFFER_MEMORY = 32L * 1024 * 1024;

  private final Topics topics;
  private final KafkaProducer<byte[], byte[]> producer;
  private final JsonCodec codec;
  private final SendListener listener;
  private final LongAdder sent = new LongAdder();
  private final LongAdder failed = new LongAdder();

  private PostProducer(Builder builder) {
    this.topics = builder.topics;
    this.codec = builder.codec;
    this.listener = builder.listener;
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, builder.bufferMemory);
    props.putAll(builder.client.asMap());
    props.putAll(builder.overrides);
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * A builder for a producer to {@code topics} over the given client properties (bootstrap servers
   * and security; see {@link ClientProperties}).
   */
  public static Builder builder(Topics topics, ClientProperties client) {
    return new Builder(topics, client);
  }

  /** The topics this producer writes to. */
  public Topics topics() {
    return topics;
  }

  /**
   * Sends a post's three records.
   *
   * @return completes with the three positions, or exceptionally with a {@link SendException}
   */
  public CompletableFuture<PostReceipt> send(Post post) {
    PostTracker tracker = new PostTracker(post.ind());
    for (RecordType type : RecordType.values()) {
      sendRecord(post.record(type), tracker);
    }
    return tracker.future;
  }

  /**
   * Sends one raw record to its type's topic.
   *
   * @return completes with its position, or exceptionally with a {@link SendException}
   */
  public CompletableFuture<RecordPosition> send(RawRecord record) {
    RecordTracker tracker = new RecordTracker();
    sendRecord(record, tracker);
    return tracker.future;
  }

  /** Blocks until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /** Records acknowledged and failed so far. */
  public ProducerCounters counters() {
    return new ProducerCounters(sent.sum(), failed.sum());
  }

  /** Sends what is buffered, waiting up to 30 seconds, then closes. */
  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /** Sends what is buffered, waiting up to {@code timeout}; unsent records then fail. */
  public void close(Duration timeout) {
    producer.close(timeout);
  }

  private void sendRecord(RawRecord record, Outcome outcome) {
    String topic = topics.topic(record.type());
    byte[] key = Integer.toString(record.ind()).getBytes(StandardCharsets.US_ASCII);
    ProducerRecord<byte[], byte[]> message = new ProducerRecord<>(topic, key, codec.encode(record));
    // Runs on Kafka's I/O thread: keep it short, and call the listener only when there is one.
    Callback callback =
        (metadata, error) -> {
          if (error == null) {
            sent.increment();
            if (listener != NO_LISTENER) {
              listener.onSent(record, new RecordPosition(metadata.topic(), metadata.partition(), metadata.offset()));
            }
            outcome.sent(record.type(), metadata);
          } else {
            failed.increment();
            SendException failure = SendException.of(topic, record.type(), record.ind(), error);
            listener.onFailed(record, failure);
            outcome.failed(failure);
          }
        };
    try {
      producer.send(message, callback);
    } catch (RuntimeException e) {
      // send() itself throws for a closed producer, a full buffer past max.block.ms, or a bad config
      callback.onCompletion((RecordMetadata) null, e);
    }
  }

  private static RecordPosition position(RecordMetadata metadata) {
    return new RecordPosition(metadata.topic(), metadata.partition(), metadata.offset());
  }

  /** Receives each record's result. */
  private interface Outcome {
    void sent(RecordType type, RecordMetadata metadata);

    void failed(SendException failure);
  }

  private static final class RecordTracker implements Outcome {
    final CompletableFuture<RecordPosition> future = new CompletableFuture<>();

    @Override
    public void sent(RecordType type, RecordMetadata metadata) {
      future.complete(position(metadata));
    }

    @Override
    public void failed(SendException failure) {
      future.completeExceptionally(failure);
    }
  }

  /** Completes a post's future once all three records are in. */
  private static final class PostTracker implements Outcome {
    final CompletableFuture<PostReceipt> future = new CompletableFuture<>();
    private final int ind;
    private final AtomicInteger remaining = new AtomicInteger(RecordType.values().length);
    private volatile RecordMetadata pin;
    private volatile RecordMetadata geo;
    private volatile RecordMetadata user;

    PostTracker(int ind) {
      this.ind = ind;
    }

    @Override
    public void sent(RecordType type, RecordMetadata metadata) {
      switch (type) {
        case PIN -> pin = metadata;
        case GEO -> geo = metadata;
        case USER -> user = metadata;
      }
      if (remaining.decrementAndGet() == 0 && !future.isDone()) {
        future.complete(new PostReceipt(ind, position(pin), position(geo), position(user)));
      }
    }

    @Override
    public void failed(SendException failure) {
      remaining.decrementAndGet();
      future.completeExceptionally(failure);
    }
  }

  /** Configures a {@link PostProducer}; not thread-safe. */
  public static final class Builder {
    private final Topics topics;
    private final ClientProperties client;
    private final Map<String, Object> overrides = new HashMap<>();
    private long bufferMemory = DEFAULT_BUFFER_MEMORY;
    private JsonCodec codec = JsonCodec.standard();
    private SendListener listener = NO_LISTENER;

    private Builder(Topics topics, ClientProperties client) {
      this.topics = Objects.requireNonNull(topics, "topics");
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Bytes the producer may buffer before {@code send} blocks (Kafka's {@code buffer.memory}). */
    public Builder bufferMemory(long bytes) {
      if (bytes < 1024 * 1024) {
        throw new IllegalArgumentException("Cannot use buffer memory of " + bytes + " bytes: at least 1 MiB");
      }
      this.bufferMemory = bytes;
      return this;
    }

    /** Any Kafka producer property, set over pinpipe's defaults (serializers excepted). */
    public Builder property(String key, Object value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Per-record callbacks. */
    public Builder listener(SendListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** The codec encoding the records (default {@link JsonCodec#standard()}). */
    public Builder codec(JsonCodec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /** Creates the producer; it connects lazily. */
    public PostProducer build() {
      return new PostProducer(this);
    }
  }
}
