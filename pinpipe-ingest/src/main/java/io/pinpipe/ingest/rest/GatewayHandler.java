package io.pinpipe.ingest.rest;

import io.pinpipe.model.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST Proxy v2 routes of SPEC section 6. Every request is checked completely (auth, route,
 * topic, content type, size, in-flight budget, body, records, partitions) before the first record is
 * sent, so a rejected request writes nothing. This is the one place that maps failures to HTTP status
 * and {@code error_code}, as Confluent REST Proxy does (see {@link RestErrorCodes}). Blocking; runs on
 * Jetty's worker threads.
 */
final class GatewayHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

  private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final RestGateway.Settings settings;
  private final KafkaProducer<byte[], byte[]> producer;
  private final TopicMetadata metadata;
  private final ProduceRequestParser parser;
  private final Semaphore inFlightBytes;
  private final Object idle = new Object();
  private int active;
  private volatile boolean stopping;

  GatewayHandler(RestGateway.Settings settings, KafkaProducer<byte[], byte[]> producer, TopicMetadata metadata) {
    this.settings = settings;
    this.producer = producer;
    this.metadata = metadata;
    this.parser = new ProduceRequestParser(settings.maxBodyBytes(), settings.maxRecordsPerRequest());
    this.inFlightBytes = new Semaphore(settings.maxInFlightBytes());
  }

  /** Bytes of request budget currently free, for tests and metrics. */
  int availableInFlightBytes() {
    return inFlightBytes.availablePermits();
  }

  /** Refuses new requests (503) from now on; those in flight go on. */
  void beginShutdown() {
    stopping = true;
  }

  /** Waits until no request is in flight, at most {@code timeout}; true when idle. */
  boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (active > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    synchronized (idle) {
      active++;
    }
    BodyState body = new BodyState();
    try {
      if (stopping) {
        throw RestError.unavailable("The gateway is shutting down; retry against another instance");
      }
      route(request, response, callback, body);
    } catch (RestError e) {
      if (e.status == 503) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      }
      if (!body.read && !drain(request)) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      String contentType = e.negotiated ? JsonAnswer.negotiate(request.getHeaders().get(HttpHeader.ACCEPT)) : JsonAnswer.MEDIA_TYPE;
      JsonAnswer.send(response, e.status, contentType, JsonAnswer.error(e.errorCode, e.getMessage()), callback);
    } catch (RuntimeException e) {
      LOG.error("Cannot answer {} {}: {}", request.getMethod(), request.getHttpURI().getPath(), e.toString());
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      JsonAnswer.send(response, 500,
          JsonAnswer.error(RestErrorCodes.INTERNAL_SERVER_ERROR, "Internal Server Error; see the gateway log"), callback);
    } finally {
      synchronized (idle) {
        active--;
        idle.notifyAll();
      }
    }
    return true;
  }

  /**
   * Discards an unread request body so the client, still sending it, reliably receives the error
   * answer. Only bodies within the size limit, and only for as long as the body timeout; false when
   * the body was not drained and the connection must close.
   */
  private boolean drain(Request request) {
    long length = request.getLength();
    if (length == 0) {
      return true;
    }
    if (length < 0 || length > settings.maxBodyBytes()) {
      return false;
    }
    CompletableFuture<Void> drained = new CompletableFuture<>();
    Content.Source.consumeAll(request, Callback.from(() -> drained.complete(null), drained::completeExceptionally));
    try {
      drained.get(settings.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  /** Whether the handler has started reading the request body (then it must not be drained). */
  private static final class BodyState {
    boolean read;
  }

  private void route(Request request, Response response, Callback callback, BodyState body) {
    String path = request.getHttpURI().getDecodedPath();
    String base = settings.basePath();
    if (request.getMethod().equals("GET") && path != null && (path.equals("/healthz") || path.equals(base + "/healthz"))) {
      // Liveness for load balancers: no auth, no topic names, no Kafka call.
      JsonAnswer.send(response, 200, JsonAnswer.PLAIN_JSON, HEALTHY, callback);
      return;
    }
    if (!GatewayAuth.allows(settings.auth(), name -> request.getHeaders().get(name))) {
      if (settings.auth() instanceof GatewayAuth.Basic) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"pinpipe\"");
      }
      throw new RestError(401, RestErrorCodes.UNAUTHORIZED, "Authentication required");
    }
    if (path == null || !path.startsWith(base + "/")) {
      throw notFound();
    }
    String[] parts = path.substring(base.length() + 1).split("/", -1);
    String method = request.getMethod();
    if (parts.length == 1 && parts[0].equals("topics")) {
      requireMethod(method, "GET");
      JsonAnswer.send(response, 200, listTopics(), callback);
    } else if (parts.length == 2 && parts[0].equals("topics")) {
      if (method.equals("GET")) {
        JsonAnswer.send(response, 200, describeTopic(checkTopic(parts[1])), callback);
      } else {
        requireMethod(method, "POST");
        Answer answer = produce(request, checkTopic(parts[1]), null, body);
        JsonAnswer.send(response, answer.status(), answer.body(), callback);
      }
    } else if (parts.length == 4 && parts[0].equals("topics") && parts[2].equals("partitions")) {
      requireMethod(method, "POST");
      Answer answer = produce(request, checkTopic(parts[1]), parts[3], body);
      JsonAnswer.send(response, answer.status(), answer.body(), callback);
    } else {
      throw notFound();
    }
  }

  /** A status and the body to answer with it. */
  private record Answer(int status, byte[] body) {}

  private Answer produce(Request request, String topic, String partitionInPath, BodyState bodyState) {
    EmbeddedFormat format = EmbeddedFormat.of(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    if (format == null) {
      throw RestError.unsupportedMediaType("HTTP 415 Unsupported Media Type: Content-Type must be "
          + EmbeddedFormat.JSON.mediaType + " or " + EmbeddedFormat.BINARY.mediaType);
    }
    long declared = request.getLength();
    if (declared > settings.maxBodyBytes()) {
      throw bodyTooLarge();
    }
    int partitions = existingPartitions(topic);
    Integer fixedPartition = partitionInPath == null ? null : checkPartition(topic, partitionInPath, partitions);
    // Reserve room for the body and its parsed copy; refuse rather than queue when the budget is spent.
    int reserved = (int) Math.min(Integer.MAX_VALUE, 2 * (declared >= 0 ? declared : settings.maxBodyBytes()));
    reserved = Math.max(reserved, 1);
    if (!inFlightBytes.tryAcquire(reserved)) {
      throw RestError.unavailable("Cannot produce now: the gateway is at its in-flight limit; retry later");
    }
    try {
      bodyState.read = true;
      byte[] body = readBody(request);
      List<ProduceRecord> records = parser.parse(body, format);
      for (int i = 0; i < records.size(); i++) {
        Integer partition = records.get(i).partition();
        if (partition != null && fixedPartition != null && !partition.equals(fixedPartition)) {
          throw RestError.unprocessable(
              "Cannot produce record " + i + ": partition " + partition + " differs from partition " + fixedPartition + " of the URL");
        }
        if (partition != null && partition >= partitions) {
          throw new RestError(404, RestErrorCodes.PARTITION_NOT_FOUND,
              "Cannot find partition " + partition + " of topic '" + topic + "': it has " + partitions);
        }
      }
      return send(topic, records, fixedPartition);
    } finally {
      inFlightBytes.release(reserved);
    }
  }

  private byte[] readBody(Request request) {
    CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, settings.maxBodyBytes());
    try {
      return body.get(settings.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      body.cancel(true);
      throw new RestError(408, RestErrorCodes.REQUEST_TIMEOUT,
          "Cannot read request: the body did not arrive within " + settings.bodyTimeout().toSeconds() + " s");
    } catch (ExecutionException e) {
      if (request.getLength() < 0 || e.getCause() instanceof IllegalArgumentException) {
        throw bodyTooLarge();
      }
      throw RestError.badRequest("Cannot read request: the body ended early");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RestError.unavailable("Cannot read request: the gateway is stopping");
    }
  }

  private Answer send(String topic, List<ProduceRecord> records, Integer fixedPartition) {
    List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (ProduceRecord record : records) {
      Integer partition = fixedPartition != null ? fixedPartition : record.partition();
      CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
      try {
        producer.send(new ProducerRecord<>(topic, partition, record.key(), record.value()), (metadata, error) -> {
          if (error == null) {
            ack.complete(metadata);
          } else {
            ack.completeExceptionally(error);
          }
        });
      } catch (RuntimeException e) {
        ack.completeExceptionally(e);
      }
      acks.add(ack);
    }
    long deadline = System.nanoTime() + settings.deliveryTimeout().toNanos();
    List<Object> outcomes = new ArrayList<>(acks.size()); // RecordMetadata or Throwable, in order
    int status = 200;
    for (CompletableFuture<RecordMetadata> ack : acks) {
      try {
        outcomes.add(ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        outcomes.add(cause);
        // As Confluent's ProduceResponse.getRequestStatus: the first Kafka auth failure sets the status.
        if (status == 200 && cause instanceof AuthenticationException) {
          status = 401;
        } else if (status == 200 && cause instanceof AuthorizationException) {
          status = 403;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw RestError.unavailable("Cannot finish request: the gateway is stopping");
      }
    }
    byte[] body = JsonAnswer.json(json -> {
      json.writeStartObject();
      json.writeNullField("key_schema_id");
      json.writeNullField("value_schema_id");
      json.writeArrayFieldStart("offsets");
      for (Object outcome : outcomes) {
        json.writeStartObject();
        if (outcome instanceof RecordMetadata metadata) {
          json.writeNumberField("partition", metadata.partition());
          json.writeNumberField("offset", metadata.offset());
          json.writeNullField("error_code");
          json.writeNullField("error");
        } else {
          Throwable cause = (Throwable) outcome;
          json.writeNullField("partition");
          json.writeNullField("offset");
          json.writeNumberField("error_code", recordErrorCode(cause));
          json.writeStringField("error", cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
    return new Answer(status, body);
  }

  /**
   * Confluent's per-record {@code error_code} for a failed send: 40101 Kafka authentication, 40301
   * Kafka authorization, 50003 retriable (a Kafka {@link RetriableException}, or no acknowledgement
   * within the delivery timeout), 50002 any other failure (Confluent fails the whole request with 500
   * for a non-Kafka exception; here it stays a non-retriable record error so the other records' offsets
   * are not lost).
   */
  static int recordErrorCode(Throwable cause) {
    if (cause instanceof AuthenticationException) {
      return RestErrorCodes.KAFKA_AUTHENTICATION_ERROR;
    }
    if (cause instanceof AuthorizationException) {
      return RestErrorCodes.KAFKA_AUTHORIZATION_ERROR;
    }
    if (cause instanceof RetriableException || cause instanceof TimeoutException) {
      return RestErrorCodes.KAFKA_RETRIABLE_ERROR;
    }
    return RestErrorCodes.KAFKA_ERROR;
  }

  private byte[] listTopics() {
    List<String> names = metadata.names().stream().filter(settings::isAllowed).toList();
    return JsonAnswer.json(json -> {
      json.writeStartArray();
      for (String name : names) {
        json.writeString(name);
      }
      json.writeEndArray();
    });
  }

  private byte[] describeTopic(String topic) {
    TopicDescription description = metadata.describe(topic);
    if (description == null) {
      throw topicNotFound(topic);
    }
    return JsonAnswer.json(json -> {
      json.writeStartObject();
      json.writeStringField("name", topic);
      json.writeObjectFieldStart("configs");
      json.writeEndObject();
      json.writeArrayFieldStart("partitions");
      for (var partition : description.partitions()) {
        json.writeStartObject();
        json.writeNumberField("partition", partition.partition());
        json.writeNumberField("leader", partition.leader() == null ? -1 : partition.leader().id());
        json.writeArrayFieldStart("replicas");
        for (var replica : partition.replicas()) {
          json.writeStartObject();
          json.writeNumberField("broker", replica.id());
          json.writeBooleanField("leader", partition.leader() != null && partition.leader().id() == replica.id());
          json.writeBooleanField("in_sync", partition.isr().contains(replica));
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  private String checkTopic(String topic) {
    if (!Names.isValidTopic(topic)) {
      throw new RestError(404, RestErrorCodes.TOPIC_NOT_FOUND,
          "Cannot find topic " + Names.quote(topic) + ": not a valid topic name ([a-zA-Z0-9._-], 1..249 characters)");
    }
    if (!settings.isAllowed(topic)) {
      throw topicNotFound(topic);
    }
    return topic;
  }

  private int existingPartitions(String topic) {
    OptionalInt partitions = metadata.partitions(topic);
    if (partitions.isEmpty()) {
      throw topicNotFound(topic);
    }
    return partitions.getAsInt();
  }

  private static int checkPartition(String topic, String text, int partitions) {
    int partition;
    try {
      partition = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      // Confluent's {partition} is an int path parameter: one that does not convert is a plain 404
      throw new RestError(404, RestErrorCodes.NOT_FOUND,
          "HTTP 404 Not Found: partition " + Names.quote(text) + " of topic '" + topic + "' is not a number");
    }
    if (partition < 0 || partition >= partitions) {
      throw new RestError(404, RestErrorCodes.PARTITION_NOT_FOUND,
          "Cannot find partition " + Names.quote(text) + " of topic '" + topic + "': it has " + partitions);
    }
    return partition;
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new RestError(405, RestErrorCodes.METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed: " + Names.quote(method) + " is not allowed here; use " + allowed);
    }
  }

  private RestError bodyTooLarge() {
    return new RestError(413, RestErrorCodes.REQUEST_ENTITY_TOO_LARGE,
        "Cannot accept request: the body is over the limit of " + settings.maxBodyBytes() + " bytes");
  }

  private static RestError topicNotFound(String topic) {
    return new RestError(404, RestErrorCodes.TOPIC_NOT_FOUND, "Topic not found: '" + topic + "'");
  }

  private static RestError notFound() {
    return RestError.noRoute("HTTP 404 Not Found; the API has /topics, /topics/{topic} and /topics/{topic}/partitions/{p}");
  }
}
