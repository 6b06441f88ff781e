package io.pinpipe.testkit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker and KRaft controller in this JVM, on 127.0.0.1 with free ports and a temporary
 * log directory that {@link #close()} deletes.
 *
 * <p>Like AWS MSK, topics are not auto-created unless {@link Builder#enableTopicAutoCreation()} says
 * so. {@link #restart()} stops and starts the broker on the same ports and data, for fault tests.
 * Thread-safe; {@code close()} is idempotent.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(3).start()) {
 *   kafka.createTopic("demo.pin", 3);
 *   props.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path directory;
  private final Map<String, String> properties;
  private final String bootstrapServers;
  private final int defaultPartitions;
  private KafkaRaftServer server;
  private boolean closed;
  private final Thread exitHook;

  private EmbeddedKafka(Builder builder) {
    this.directory = TempDirs.create("pinpipe-kafka-");
    this.exitHook = ExitHooks.register("kafka", this);
    this.defaultPartitions = builder.partitions;
    int brokerPort = builder.port == 0 ? FreePorts.pick() : builder.port;
    int controllerPort = FreePorts.pick();
    this.bootstrapServers = "127.0.0.1:" + brokerPort;
    String logDir = directory.resolve("logs").toString();

    Map<String, String> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", logDir);
    props.put("metadata.log.dir", logDir);
    props.put("num.partitions", Integer.toString(builder.partitions));
    props.put("auto.create.topics.enable", Boolean.toString(builder.autoCreateTopics));
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "5");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    props.putAll(builder.overrides);
    this.properties = Map.copyOf(props);
    format(logDir);
  }

  /** A builder with defaults: 1 partition per new topic, a free port, no topic auto-creation. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts a broker with the defaults of {@link #builder()}. */
  public static EmbeddedKafka start() {
    return builder().start();
  }

  /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Partitions a topic gets when created without a count. */
  public int defaultPartitions() {
    return defaultPartitions;
  }

  /** Client properties that reach this broker: {@code bootstrap.servers} only. */
  public Map<String, Object> clientProperties() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /**
   * Creates a topic if it does not exist yet, and waits until every partition has a leader, so
   * producers do not meet leader elections right after (which can cost idempotent producers records).
   *
   * @throws IllegalStateException when the broker refuses or leaders do not appear within 60 seconds
   */
  public void createTopic(String name, int partitions) {
    try (Admin admin = Admin.create(clientProperties())) {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e);
        }
      }
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (!allLeadersElected(admin, name)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Cannot create topic " + name + ": partitions without a leader after " + READY_TIMEOUT);
        }
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create topic " + name + ": " + e.getMessage(), e);
    }
  }

  private static boolean allLeadersElected(Admin admin, String topic) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
          .stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Every record of a topic, from the beginning up to the end offsets at the time of the call, ordered
   * by partition and offset. For tests: reads everything into memory.
   *
   * @throws IllegalStateException when the records do not arrive within 60 seconds
   */
  public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        Map.of("bootstrap.servers", bootstrapServers, "max.poll.records", 10_000),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
      long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
      while (records.size() < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Cannot read " + topic + ": " + records.size() + " of " + end + " records arrived");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    records.sort(Comparator.comparingInt((ConsumerRecord<byte[], byte[]> r) -> r.partition())
        .thenComparingLong(ConsumerRecord::offset));
    return records;
  }

  /** Stops the broker and starts it again on the same ports and data; blocks until it serves. */
  public synchronized void restart() {
    requireOpen();
    stopServer();
    startServer();
  }

  /** Stops the broker and deletes its data. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ExitHooks.remove(exitHook);
    try {
      stopServer();
    } finally {
      TempDirs.deleteTree(directory);
      LOG.info("Embedded Kafka at {} stopped", bootstrapServers);
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers + "]";
  }

  private synchronized EmbeddedKafka startServer() {
    KafkaRaftServer starting = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
    starting.startup();
    server = starting;
    awaitReady();
    LOG.info("Embedded Kafka serving at {}", bootstrapServers);
    return this;
  }

  private void stopServer() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    Map<String, Object> adminProps = new HashMap<>(clientProperties());
    adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(adminProps)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Cannot reach embedded Kafka at " + bootstrapServers, e);
          }
        }
      }
    }
  }

  private void format(String logDir) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir))
          .setMetadataLogDirectory(logDir)
          .setControllerListenerName("CONTROLLER")
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .run();
    } catch (Exception e) {
      TempDirs.deleteTree(directory);
      throw new IllegalStateException("Cannot format the embedded Kafka log directory " + logDir, e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cannot use " + this + ": it is closed");
    }
  }

  /** Configures an {@link EmbeddedKafka}; not thread-safe. */
  public static final class Builder {
    private int partitions = 1;
    private int port;
    private boolean autoCreateTopics;
    private final Map<String, String> overrides = new HashMap<>();

    private Builder() {}

    /** Partitions of topics created without a count ({@code num.partitions}); at least 1. */
    public Builder partitions(int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("Cannot use " + partitions + " partitions: at least 1");
      }
      this.partitions = partitions;
      return this;
    }

    /** The broker port on 127.0.0.1; 0 (default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Cannot use port " + port + ": must be 0..65535");
      }
      this.port = port;
      return this;
    }

    /** Lets producing to an unknown topic create it; off by default, as on MSK. */
    public Builder enableTopicAutoCreation() {
      this.autoCreateTopics = true;
      return this;
    }

    /** Sets any broker property, overriding the defaults. */
    public Builder brokerProperty(String key, String value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Formats a new log directory and starts the broker; blocks until it serves. */
    public EmbeddedKafka start() {
      EmbeddedKafka kafka = new EmbeddedKafka(this);
      try {
        return kafka.startServer();
      } catch (RuntimeException e) {
        kafka.close();
        throw e;
      }
    }
  }
}
