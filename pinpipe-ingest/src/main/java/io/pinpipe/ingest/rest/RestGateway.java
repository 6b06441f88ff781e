package io.pinpipe.ingest.rest;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.PinpipeException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent REST Proxy v2 compatible gateway into Kafka (SPEC section 6), embeddable in any JVM
 * service: {@code POST /topics/{topic}}, {@code POST /topics/{topic}/partitions/{p}}, {@code GET
 * /topics}, {@code GET /topics/{topic}}, optionally under a base path such as {@code /prod} (as behind
 * AWS API Gateway), with JSON and binary embedded formats.
 *
 * <p>Hard to break: bodies over {@link Builder#maxBodyBytes}, requests over {@link
 * Builder#maxRecordsPerRequest} records, bodies slower than {@link Builder#bodyTimeout}, and requests
 * beyond the in-flight byte budget ({@link Builder#maxInFlightBytes}, answered 503 with Retry-After)
 * are refused before any record is sent; Kafka's own buffer is bounded by {@code buffer.memory}.
 * Errors are JSON {@code {"error_code":..,"message":..}} with Confluent REST Proxy's statuses and codes
 * ({@link RestErrorCodes}), never a stack trace. The schema'd formats (avro, jsonschema, protobuf) are
 * refused with 422: they need a Schema Registry. {@code GET /topics} lists only the allowed topics;
 * {@code GET /healthz} (also under the base path) answers 200 without auth.
 *
 * <p>{@link #close()} stops accepting requests, lets in-flight ones finish (up to the grace period),
 * then flushes and closes the producer. Thread-safe.
 */
public final class RestGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RestGateway.class);

  private final Server server;
  private final ServerConnector connector;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;
  private final GatewayHandler handler;
  private final Settings settings;
  private final Duration gracePeriod;
  private boolean closed;

  private RestGateway(Builder builder) {
    this.settings = builder.settings();
    this.gracePeriod = builder.gracePeriod;
    Map<String, Object> producerProps = new HashMap<>();
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // Callers wait for each answer: no lingering (records of concurrent requests still batch while
    // earlier ones are in flight). Throughput-minded deployments can set linger.ms via producerProperty;
    // BENCHMARKS in the README has the figures for both.
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    producerProps.put(ProducerConfig.BUFFER_MEMORY_CONFIG, builder.producerBufferBytes);
    producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
    producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, settings.deliveryTimeout().toMillis() - 5));
    producerProps.putAll(builder.kafka.asMap());
    producerProps.putAll(builder.producerOverrides);
    this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    this.admin = Admin.create(builder.kafka.asMap());
    this.handler = new GatewayHandler(settings, producer, new TopicMetadata(admin));

    QueuedThreadPool threads = new QueuedThreadPool(builder.maxThreads, Math.min(8, builder.maxThreads));
    threads.setName("pinpipe-gateway");
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(builder.maxHeaderBytes);
    // Paths are decoded and every segment is then checked against Kafka's topic rule, so an encoded
    // '.', '/' or '%' can never reach a topic; this lets such requests get the API's 404 JSON answer.
    http.setUriCompliance(UriCompliance.UNSAFE);
    this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(builder.host);
    connector.setPort(builder.port);
    connector.setIdleTimeout(settings.bodyTimeout().toMillis() * 2);
    server.addConnector(connector);
    server.setHandler(handler);
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(5_000);
    server.setStopAtShutdown(false);
  }

  /** A builder for a gateway producing to the Kafka cluster described by {@code kafka}. */
  public static Builder builder(ClientProperties kafka) {
    return new Builder(kafka);
  }

  /** The port the gateway listens on (the real one when 0 was configured). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The base URI, for example {@code http://127.0.0.1:8082/prod}. */
  public URI uri() {
    String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
    return URI.create("http://" + host + ":" + port() + settings.basePath());
  }

  /** Bytes of the in-flight budget that are free now. */
  public int availableInFlightBytes() {
    return handler.availableInFlightBytes();
  }

  /** Stops accepting, finishes in-flight requests within the grace period, closes the producer. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    handler.beginShutdown();
    try {
      if (!handler.awaitIdle(gracePeriod)) {
        LOG.warn("Requests still in flight after the grace period of {}; stopping anyway", gracePeriod);
      }
      server.stop();
    } catch (Exception e) {
      LOG.warn("Gateway did not stop cleanly: {}", e.toString());
    } finally {
      producer.close(Duration.ofSeconds(30));
      admin.close(Duration.ofSeconds(5));
      LOG.info("REST gateway on port {} stopped", connector.getLocalPort());
    }
  }

  @Override
  public String toString() {
    return "RestGateway[" + (server.isStarted() ? uri() : "not started") + ", auth=" + settings.auth() + "]";
  }

  private RestGateway start() {
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw new PinpipeException("Cannot start REST gateway on port " + connector.getPort() + ": " + e.getMessage(), e);
    }
    LOG.info("REST gateway serving at {}", uri());
    return this;
  }

  /** Validated limits the handler works with. */
  record Settings(
      String basePath,
      GatewayAuth auth,
      int maxBodyBytes,
      int maxRecordsPerRequest,
      int maxInFlightBytes,
      Duration bodyTimeout,
      Duration deliveryTimeout,
      List<String> allowedTopicPrefixes) {

    boolean isAllowed(String topic) {
      return allowedTopicPrefixes.isEmpty() || allowedTopicPrefixes.stream().anyMatch(topic::startsWith);
    }
  }

  /** Configures a {@link RestGateway}; not thread-safe. Defaults suit a service behind a load balancer. */
  public static final class Builder {
    private final ClientProperties kafka;
    private String host = "127.0.0.1";
    private int port = 8082;
    private String basePath = "";
    private GatewayAuth auth = GatewayAuth.none();
    private int maxBodyBytes = 1024 * 1024;
    private int maxRecordsPerRequest = 1000;
    private int maxInFlightBytes = 64 * 1024 * 1024;
    private int maxHeaderBytes = 8 * 1024;
    private int maxThreads = 64;
    private long producerBufferBytes = 32L * 1024 * 1024;
    private Duration bodyTimeout = Duration.ofSeconds(30);
    private Duration deliveryTimeout = Duration.ofSeconds(60);
    private Duration gracePeriod = Duration.ofSeconds(30);
    private List<String> allowedTopicPrefixes = List.of();
    private final Map<String, Object> producerOverrides = new HashMap<>();

    private Builder(ClientProperties kafka) {
      this.kafka = Objects.requireNonNull(kafka, "kafka");
    }

    /** Interface to listen on (default 127.0.0.1; {@code 0.0.0.0} for all). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port to listen on (default 8082, REST Proxy's); 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Cannot listen on port " + port + ": must be 0..65535");
      }
      this.port = port;
      return this;
    }

    /** A path prefix such as {@code /prod}; empty (default) serves at the root. */
    public Builder basePath(String basePath) {
      String path = Objects.requireNonNull(basePath, "basePath");
      if (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (!path.isEmpty() && !path.matches("(/[A-Za-z0-9._~-]+)+")) {
        throw new IllegalArgumentException(
            "Cannot use base path " + io.pinpipe.model.Names.quote(basePath) + ": expected /segment[/segment...] of [A-Za-z0-9._~-]");
      }
      this.basePath = path;
      return this;
    }

    /** How callers authenticate (default none). */
    public Builder auth(GatewayAuth auth) {
      this.auth = Objects.requireNonNull(auth, "auth");
      return this;
    }

    /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = positive("maxBodyBytes", bytes);
      return this;
    }

    /** Most records in one request (default 1,000); more get 422. */
    public Builder maxRecordsPerRequest(int records) {
      this.maxRecordsPerRequest = positive("maxRecordsPerRequest", records);
      return this;
    }

    /**
     * Memory budget for requests being handled (default 64 MiB): each holds twice its body size while
     * parsed; beyond the budget requests get 503 with Retry-After.
     */
    public Builder maxInFlightBytes(int bytes) {
      this.maxInFlightBytes = positive("maxInFlightBytes", bytes);
      return this;
    }

    /** Kafka producer {@code buffer.memory} (default 32 MiB). */
    public Builder producerBufferBytes(long bytes) {
      if (bytes < 1024 * 1024) {
        throw new IllegalArgumentException("Cannot use producer buffer of " + bytes + " bytes: at least 1 MiB");
      }
      this.producerBufferBytes = bytes;
      return this;
    }

    /** Any Kafka producer property (for example {@code compression.type}), set over the gateway's defaults. */
    public Builder producerProperty(String key, Object value) {
      producerOverrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Largest request header block (default 8 KiB); larger ones get 431. */
    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = positive("maxHeaderBytes", bytes);
      return this;
    }

    /** Worker threads (default 64). */
    public Builder maxThreads(int threads) {
      this.maxThreads = Math.max(positive("maxThreads", threads), 4);
      return this;
    }

    /** How long a whole body may take to arrive (default 30 s); slower ones get 408 (slowloris guard). */
    public Builder bodyTimeout(Duration timeout) {
      this.bodyTimeout = positive("bodyTimeout", timeout);
      return this;
    }

    /** How long to wait for Kafka's acknowledgement of a request's records (default 60 s). */
    public Builder deliveryTimeout(Duration timeout) {
      this.deliveryTimeout = positive("deliveryTimeout", timeout);
      return this;
    }

    /** How long {@link RestGateway#close()} lets in-flight requests finish (default 30 s). */
    public Builder gracePeriod(Duration period) {
      this.gracePeriod = positive("gracePeriod", period);
      return this;
    }

    /** Only topics starting with one of these prefixes are served (default: all topics). */
    public Builder allowedTopicPrefixes(List<String> prefixes) {
      this.allowedTopicPrefixes = List.copyOf(prefixes);
      return this;
    }

    /** Starts the gateway; blocks until it listens. */
    public RestGateway start() {
      return new RestGateway(this).start();
    }

    Settings settings() {
      return new Settings(basePath, auth, maxBodyBytes, maxRecordsPerRequest, maxInFlightBytes, bodyTimeout,
          deliveryTimeout, allowedTopicPrefixes);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException("Cannot use " + name + " " + value + ": must be at least 1");
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("Cannot use " + name + " " + value + ": must be positive");
      }
      return value;
    }
  }
}
