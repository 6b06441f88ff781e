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
 * and {@code error_code}. Blocking; runs on Jetty's worker threads.
 */
final class GatewayHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

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
        throw new RestError(503, RestError.OVERLOADED, "The gateway is shutting down; retry against another instance");
      }
      route(request, response, callback, body);
    } catch (RestError e) {
      if (e.status == 503) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      }
      if (!body.read && !drain(request)) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      JsonAnswer.send(response, e.status, JsonAnswer.error(e.errorCode, e.getMessage()), callback);
    } catch (RuntimeException e) {
      LOG.error("Cannot answer {} {}: {}", request.getMethod(), request.getHttpURI().getPath(), e.toString());
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
      JsonAnswer.send(response, 500, JsonAnswer.error(50001, "Internal error; see the gateway log"), callback);
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
    if (!GatewayAuth.allows(settings.auth(), name -> request.getHeaders().get(name))) {
      if (settings.auth() instanceof GatewayAuth.Basic) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"pinpipe\"");
      }
      throw new RestError(401, RestError.UNAUTHORIZED, "Authentication required");
    }
    String path = request.getHttpURI().getDecodedPath();
    String base = settings.basePath();
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
        JsonAnswer.send(response, 200, produce(request, checkTopic(parts[1]), null, body), callback);
      }
    } else if (parts.length == 4 && parts[0].equals("topics") && parts[2].equals("partitions")) {
      requireMethod(method, "POST");
      JsonAnswer.send(response, 200, produce(request, checkTopic(parts[1]), parts[3], body), callback);
    } else {
      throw notFound();
    }
  }

  private byte[] produce(Request request, String topic, String partitionInPath, BodyState bodyState) {
    EmbeddedFormat format = EmbeddedFormat.of(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
    if (format == null) {
      throw new RestError(415, RestError.UNSUPPORTED_MEDIA_TYPE,
          "Cannot produce: Content-Type must be " + EmbeddedFormat.JSON.mediaType + " or " + EmbeddedFormat.BINARY.mediaType);
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
      throw new RestError(503, RestError.OVERLOADED, "Cannot produce now: the gateway is at its in-flight limit; retry later");
    }
    try {
      bodyState.read = true;
      byte[] body = readBody(request);
      List<ProduceRecord> records = parser.parse(body, format);
      for (int i = 0; i < records.size(); i++) {
        Integer partition = records.get(i).partition();
        if (partition != null && fixedPartition != null && !partition.equals(fixedPartition)) {
          throw new RestError(422, RestError.INVALID_RECORD,
              "Cannot parse record " + i + ": partition " + partition + " differs from partition " + fixedPartition + " of the URL");
        }
        if (partition != null && partition >= partitions) {
          throw new RestError(404, RestError.PARTITION_NOT_FOUND,
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
      throw new RestError(408, RestError.REQUEST_TIMEOUT,
          "Cannot read request: the body did not arrive within " + settings.bodyTimeout().toSeconds() + " s");
    } catch (ExecutionException e) {
      if (request.getLength() < 0 || e.getCause() instanceof IllegalArgumentException) {
        throw bodyTooLarge();
      }
      throw new RestError(400, 40001, "Cannot read request: the body ended early");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestError(503, RestError.OVERLOADED, "Cannot read request: the gateway is stopping");
    }
  }

  private byte[] send(String topic, List<ProduceRecord> records, Integer fixedPartition) {
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
    return JsonAnswer.json(json -> {
      json.writeStartObject();
      json.writeNullField("key_schema_id");
      json.writeNullField("value_schema_id");
      json.writeArrayFieldStart("offsets");
      for (CompletableFuture<RecordMetadata> ack : acks) {
        json.writeStartObject();
        try {
          RecordMetadata metadata = ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          json.writeNumberField("partition", metadata.partition());
          json.writeNumberField("offset", metadata.offset());
          json.writeNullField("error_code");
          json.writeNullField("error");
        } catch (ExecutionException | TimeoutException e) {
          Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
          boolean retriable = cause instanceof RetriableException || cause instanceof TimeoutException;
          json.writeNullField("partition");
          json.writeNullField("offset");
          json.writeNumberField("error_code", retriable ? RestError.RECORD_RETRIABLE : RestError.RECORD_FAILED);
          json.writeStringField("error", cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RestError(503, RestError.OVERLOADED, "Cannot finish request: the gateway is stopping");
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    });
  }

  private byte[] listTopics() {
    List<String> names = metadata.names();
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
      throw new RestError(404, RestError.TOPIC_NOT_FOUND,
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
      partition = -1;
    }
    if (partition < 0 || partition >= partitions || !text.equals(Integer.toString(partition))) {
      throw new RestError(404, RestError.PARTITION_NOT_FOUND,
          "Cannot find partition " + Names.quote(text) + " of topic '" + topic + "': it has " + partitions);
    }
    return partition;
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new RestError(405, RestError.METHOD_NOT_ALLOWED, "Method " + Names.quote(method) + " is not allowed here; use " + allowed);
    }
  }

  private RestError bodyTooLarge() {
    return new RestError(413, RestError.BODY_TOO_LARGE,
        "Cannot accept request: the body is over the limit of " + settings.maxBodyBytes() + " bytes");
  }

  private static RestError topicNotFound(String topic) {
    return new RestError(404, RestError.TOPIC_NOT_FOUND, "Cannot find topic '" + topic + "'");
  }

  private static RestError notFound() {
    return new RestError(404, RestError.NOT_FOUND, "Not found; the API has /topics, /topics/{topic} and /topics/{topic}/partitions/{p}");
  }
}
