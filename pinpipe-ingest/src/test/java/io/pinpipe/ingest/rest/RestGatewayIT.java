package io.pinpipe.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.ingest.RecordPosition;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(EmbeddedKafkaExtension.class)
class RestGatewayIT {
  private static final String TOPIC = "gw.pin";
  private static final String REJECT_TOPIC = "gw-reject.pin";
  private static final String JSON = "application/vnd.kafka.json.v2+json";
  private static final String BINARY = "application/vnd.kafka.binary.v2+json";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static EmbeddedKafka kafka;
  private static RestGateway gateway;

  @BeforeAll
  static void start(EmbeddedKafka embedded) {
    kafka = embedded;
    kafka.createTopic(TOPIC, 3);
    kafka.createTopic(REJECT_TOPIC, 3);
    gateway = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers()))
        .port(0)
        .maxBodyBytes(64 * 1024)
        .maxRecordsPerRequest(50)
        .bodyTimeout(Duration.ofSeconds(2))
        .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void theOriginalPythonClientGetsOffsetsAndTheRecordsAreInKafka(@TempDir Path dir) throws Exception {
    kafka.createTopic("orig.pin", 1);
    Path rows = writeRows(dir, 5);
    try (RestGateway prod = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers()))
        .port(0).basePath("/prod").start()) {
      for (URI base : List.of(gateway.uri(), prod.uri())) {
        Process python = new ProcessBuilder("python3", script().toString(), base.toString(), "orig.pin", rows.toString())
            .redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        assertThat(output.lines()).hasSize(5).allSatisfy(line -> assertThat(line).startsWith("200 0 ").endsWith(" None"));
      }
    }
    List<ConsumerRecord<byte[], byte[]>> stored = kafka.records("orig.pin");
    assertThat(stored).hasSize(10);
    List<String> sent = Files.readAllLines(rows);
    for (int i = 0; i < 10; i++) {
      assertThat(MAPPER.readTree(stored.get(i).value())).as("value as posted").isEqualTo(MAPPER.readTree(sent.get(i % 5)));
    }
  }

  @Test
  void binaryFormatKeysExplicitPartitionsAndPerRecordOffsets() throws Exception {
    kafka.createTopic("gw-binary.geo", 3);
    String body = "{\"records\":[{\"key\":\"" + b64("k1") + "\",\"value\":\"" + b64("v1") + "\",\"partition\":2},"
        + "{\"value\":\"" + b64("v2") + "\"}]}";
    HttpResponse<String> response = post(gateway.uri() + "/topics/gw-binary.geo", BINARY, body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/vnd.kafka.v2+json");
    JsonNode answer = MAPPER.readTree(response.body());
    assertThat(answer.get("key_schema_id").isNull()).isTrue();
    assertThat(answer.get("offsets")).hasSize(2);
    assertThat(answer.get("offsets").get(0).get("partition").asInt()).isEqualTo(2);
    assertThat(answer.get("offsets").get(0).get("error_code").isNull()).isTrue();

    HttpResponse<String> byPath = post(gateway.uri() + "/topics/gw-binary.geo/partitions/1", BINARY,
        "{\"records\":[{\"value\":\"" + b64("v3") + "\"}]}");
    assertThat(MAPPER.readTree(byPath.body()).get("offsets").get(0).get("partition").asInt()).isEqualTo(1);

    List<ConsumerRecord<byte[], byte[]>> stored = kafka.records("gw-binary.geo");
    assertThat(stored).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("v1", "v2", "v3");
    assertThat(stored).filteredOn(r -> r.partition() == 2 && r.key() != null)
        .extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactly("k1");
  }

  @Test
  void aValueWithARepeatedFieldIsStoredByteForByte() throws Exception {
    kafka.createTopic("gw-repeat.pin", 1);
    String value = "{\"index\":1,\"category\":\"a\",\"category\":\"b\"}";
    HttpResponse<String> response = post(gateway.uri() + "/topics/gw-repeat.pin", JSON, "{\"records\":[{\"value\":" + value + "}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(kafka.records("gw-repeat.pin")).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly(value);
  }

  @Test
  void listsAndDescribesTopics() throws Exception {
    HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/topics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(MAPPER.readTree(list.body()).toString()).contains("\"gw.pin\"");
    HttpResponse<String> describe = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/topics/gw.pin")).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode topic = MAPPER.readTree(describe.body());
    assertThat(topic.get("name").asText()).isEqualTo("gw.pin");
    assertThat(topic.get("partitions")).hasSize(3);
  }

  private static final String V2 = "application/vnd.kafka.v2+json";
  private static final String PLAIN = "application/json";

  /** One row of the contract table: a request and Confluent's answer to it. */
  record Case(String name, String method, String path, String contentType, String accept, String body,
      int status, int errorCode, String responseType, String messageContains) {
    @Override
    public String toString() {
      return name + " -> " + status + "/" + errorCode;
    }
  }

  private static Case row(String name, String method, String path, String contentType, String body,
      int status, int errorCode, String responseType) {
    return new Case(name, method, path, contentType, null, body, status, errorCode, responseType, null);
  }

  /**
   * Confluent REST Proxy's v2 answers (kafka-rest Errors.java and its v2 resources, rest-utils'
   * exception mappers; see RestErrorCodes) for every error that applies to produce and metadata.
   * Error codes: the HTTP status itself for plain HTTP errors (400 malformed or mis-shaped JSON, 415,
   * 422 rule-breaking body, 404 no route, 405, 413), five digits only where Confluent has them.
   */
  static Stream<Case> contract() {
    String ok = "{\"records\":[{\"value\":{\"index\":1}}]}";
    String t = "/topics/" + REJECT_TOPIC;
    String big = "{\"records\":[{\"value\":\"" + "x".repeat(70 * 1024) + "\"}]}";
    StringBuilder many = new StringBuilder("{\"records\":[");
    for (int i = 0; i < 51; i++) {
      many.append(i == 0 ? "" : ",").append("{\"value\":").append(i).append('}');
    }
    many.append("]}");
    return Stream.of(
        // 415: not a produce format; Content-Type of the answer negotiated from Accept, application/json by default
        row("wrong content type", "POST", t, "text/plain", ok, 415, 415, PLAIN),
        row("missing content type", "POST", t, null, ok, 415, 415, PLAIN),
        row("plain application/json", "POST", t, "application/json", ok, 415, 415, PLAIN),
        row("v2 without embedded format", "POST", t, V2, ok, 415, 415, PLAIN),
        new Case("415 negotiated to the Accept header", "POST", t, "text/plain", V2, ok, 415, 415, V2, null),
        new Case("415 negotiated by quality", "POST", t, "text/plain", V2 + ";q=0.5, application/json", ok, 415, 415, PLAIN, null),
        // schema'd formats need a Schema Registry: 422/42207, or 42206 when the request names a schema
        new Case("avro without schema", "POST", t, "application/vnd.kafka.avro.v2+json", null, ok, 422, 42207, V2, "avro"),
        new Case("avro with value_schema", "POST", t, "application/vnd.kafka.avro.v2+json", null,
            "{\"value_schema\":\"{\\\"type\\\":\\\"int\\\"}\",\"records\":[{\"value\":1}]}", 422, 42206, V2, "Schema Registry"),
        new Case("jsonschema without schema", "POST", t, "application/vnd.kafka.jsonschema.v2+json", null, ok, 422, 42207, V2, "jsonschema"),
        new Case("protobuf with value_schema_id", "POST", t, "application/vnd.kafka.protobuf.v2+json", null,
            "{\"value_schema_id\":7,\"records\":[{\"value\":{}}]}", 422, 42206, V2, "protobuf"),
        new Case("protobuf to a partition", "POST", t + "/partitions/0", "application/vnd.kafka.protobuf.v2+json", null, ok, 422, 42207, V2,
            "Schema Registry"),
        row("avro, malformed JSON first", "POST", t, "application/vnd.kafka.avro.v2+json", "{\"records\": [", 400, 400, V2),
        row("avro, empty records first", "POST", t, "application/vnd.kafka.avro.v2+json", "{\"records\":[]}", 422, 422, V2),
        // 400: JSON that does not parse, or does not map onto the request (rest-utils' Jackson mappers)
        row("truncated JSON", "POST", t, JSON, "{\"records\": [", 400, 400, V2),
        row("not JSON", "POST", t, JSON, "records=1", 400, 400, V2),
        row("unquoted field name", "POST", t, JSON, "{records:[{\"value\":1}]}", 400, 400, V2),
        row("only whitespace", "POST", t, JSON, "  ", 400, 400, V2),
        row("body is an array", "POST", t, JSON, "[]", 400, 400, V2),
        row("body is a string", "POST", t, JSON, "\"records\"", 400, 400, V2),
        row("records not an array", "POST", t, JSON, "{\"records\":{}}", 400, 400, V2),
        row("record not an object", "POST", t, JSON, "{\"records\":[1]}", 400, 400, V2),
        row("record is null", "POST", t, JSON, "{\"records\":[null]}", 400, 400, V2),
        row("unknown top-level field", "POST", t, JSON, "{\"records\":[{\"value\":1}],\"extra\":1}", 400, 400, V2),
        row("unknown record field", "POST", t, JSON, "{\"records\":[{\"value\":1,\"headers\":[]}]}", 400, 400, V2),
        row("partition not an integer", "POST", t, JSON, "{\"records\":[{\"value\":1,\"partition\":\"x\"}]}", 400, 400, V2),
        row("partition a fraction", "POST", t, JSON, "{\"records\":[{\"value\":1,\"partition\":1.5}]}", 400, 400, V2),
        row("value_schema_id not an integer", "POST", t, JSON, "{\"value_schema_id\":\"a\",\"records\":[{\"value\":1}]}", 400, 400, V2),
        row("binary value not base64", "POST", t, BINARY, "{\"records\":[{\"value\":\"***\"}]}", 400, 400, V2),
        row("binary value not a string", "POST", t, BINARY, "{\"records\":[{\"value\":{\"a\":1}}]}", 400, 400, V2),
        row("binary key not base64", "POST", t, BINARY, "{\"records\":[{\"key\":\"%%\",\"value\":\"" + b64("v") + "\"}]}", 400, 400, V2),
        row("duplicate records field", "POST", t, JSON, "{\"records\":[{\"value\":1}],\"records\":[]}", 400, 400, V2),
        row("duplicate value field", "POST", t, JSON, "{\"records\":[{\"value\":1,\"value\":2}]}", 400, 400, V2),
        row("trailing data", "POST", t, JSON, ok + " {}", 400, 400, V2),
        row("nesting too deep", "POST", t, JSON, "{\"records\":[{\"value\":" + "[".repeat(100) + "]".repeat(100) + "}]}", 400, 400, V2),
        row("syntax error wins over a broken rule", "POST", t, JSON, "{\"records\":[{\"value\":1,\"partition\":-1},", 400, 400, V2),
        // 422: the body maps onto the request but breaks its rules (constraint violations)
        row("empty body", "POST", t, JSON, "", 422, 422, V2),
        row("null body", "POST", t, JSON, "null", 422, 422, V2),
        row("records missing", "POST", t, JSON, "{}", 422, 422, V2),
        row("records null", "POST", t, JSON, "{\"records\":null}", 422, 422, V2),
        row("records empty", "POST", t, JSON, "{\"records\":[]}", 422, 422, V2),
        row("too many records", "POST", t, JSON, many.toString(), 422, 422, V2),
        row("record partition negative", "POST", t, JSON, "{\"records\":[{\"value\":1,\"partition\":-1}]}", 422, 422, V2),
        row("second record bad: first not written", "POST", t, JSON, "{\"records\":[{\"value\":1},{\"value\":2,\"partition\":-3}]}",
            422, 422, V2),
        row("record partition differs from URL", "POST", t + "/partitions/0", JSON, "{\"records\":[{\"value\":1,\"partition\":1}]}",
            422, 422, V2),
        // 413: over the configured body limit
        row("body over the limit", "POST", t, JSON, big, 413, 413, V2),
        // 404: topic 40401, partition 40402, no route 404
        row("unknown topic", "POST", "/topics/no-such.pin", JSON, ok, 404, 40401, V2),
        row("GET unknown topic", "GET", "/topics/no-such.pin", null, "", 404, 40401, V2),
        row("invalid topic name", "POST", "/topics/bad$name", JSON, ok, 404, 40401, V2),
        row("encoded percent in topic", "POST", "/topics/a%25b", JSON, ok, 404, 40401, V2),
        row("unknown partition", "POST", t + "/partitions/7", JSON, ok, 404, 40402, V2),
        row("record partition beyond topic", "POST", t, JSON, "{\"records\":[{\"value\":1,\"partition\":99}]}", 404, 40402, V2),
        row("partition not a number", "POST", t + "/partitions/x1", JSON, ok, 404, 404, V2),
        row("unknown route", "POST", "/consumers/x", JSON, ok, 404, 404, PLAIN),
        // Jetty's URI layer canonicalises dot segments and refuses NUL and paths above the root (JSON 400)
        row("encoded dot-dot", "POST", "/topics/%2e%2e", JSON, ok, 404, 404, PLAIN),
        row("encoded slash traversal", "POST", "/topics/..%2F..%2Fetc%2Fpasswd", JSON, ok, 404, 404, PLAIN),
        row("encoded NUL", "POST", "/topics/a%00b", JSON, ok, 400, 400, V2),
        row("dot-dot segments", "POST", "/topics/../../etc/passwd", JSON, ok, 400, 400, V2),
        // 405
        row("DELETE a topic", "DELETE", t, JSON, "", 405, 405, V2),
        row("PUT topics", "PUT", "/topics", JSON, ok, 405, 405, V2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contract")
  void everyErrorHasConfluentsStatusErrorCodeAndContentTypeAndWritesNothing(Case c) throws Exception {
    long before = endOffset(REJECT_TOPIC);
    String head = c.method() + " " + c.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + (c.contentType() == null ? "" : "Content-Type: " + c.contentType() + "\r\n")
        + (c.accept() == null ? "" : "Accept: " + c.accept() + "\r\n")
        + "Content-Length: " + c.body().getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";

    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), head, c.body().getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).as(answer.body()).isEqualTo(c.status());
    assertThat(answer.header("Content-Type")).as("Content-Type").isEqualTo(c.responseType());
    JsonNode error = MAPPER.readTree(answer.body());
    assertThat(error.size()).as("only error_code and message: " + answer.body()).isEqualTo(2);
    assertThat(error.get("error_code").asInt()).as(answer.body()).isEqualTo(c.errorCode());
    assertThat(error.get("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    if (c.messageContains() != null) {
      assertThat(error.get("message").asText()).contains(c.messageContains()).contains("Schema Registry");
    }
    assertThat(endOffset(REJECT_TOPIC)).as("nothing written").isEqualTo(before);
    assertThat(post(gateway.uri() + "/topics/" + TOPIC, JSON, "{\"records\":[{\"value\":1}]}").statusCode())
        .as("still serving").isEqualTo(200);
  }

  @Test
  void aRecordWithoutValueIsWrittenWithANullValueAsConfluentDoes() throws Exception {
    kafka.createTopic("gw-novalue.pin", 1);
    HttpResponse<String> response = post(gateway.uri() + "/topics/gw-novalue.pin", JSON, "{\"records\":[{\"key\":7}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<ConsumerRecord<byte[], byte[]>> stored = kafka.records("gw-novalue.pin");
    assertThat(stored).hasSize(1);
    assertThat(new String(stored.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("7");
    assertThat(stored.get(0).value()).isNull();
  }

  @Test
  void aRecordOverTheTopicsMessageLimitGetsTheNonRetriable50002AndRestProxyClientDoesNotRetryIt() throws Exception {
    createTopic("gw-toolarge.pin", 2, Map.of("max.message.bytes", "1000"));
    String large = "\"" + "L".repeat(5_000) + "\"";
    // different partitions, so the small record is never in the large one's batch
    HttpResponse<String> response = post(gateway.uri() + "/topics/gw-toolarge.pin", JSON,
        "{\"records\":[{\"value\":1,\"partition\":0},{\"value\":" + large + ",\"partition\":1}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode offsets = MAPPER.readTree(response.body()).get("offsets");
    assertThat(offsets.get(0).get("error_code").isNull()).as(response.body()).isTrue();
    assertThat(offsets.get(1).get("error_code").asInt()).as(response.body()).isEqualTo(RestErrorCodes.KAFKA_ERROR);
    assertThat(offsets.get(1).get("partition").isNull()).isTrue();
    assertThat(offsets.get(1).get("error").asText()).isNotBlank().doesNotContain("Exception:");

    RestProxyClient client = RestProxyClient.builder(gateway.uri()).maxAttempts(5).initialBackoff(Duration.ofSeconds(5)).build();
    long started = System.nanoTime();
    try {
      client.post("gw-toolarge.pin", List.of(new RestRecord(null, large.getBytes(StandardCharsets.UTF_8))));
      throw new AssertionError("a record over max.message.bytes was accepted");
    } catch (RestProxyException e) {
      assertThat(e.errorCode()).isEqualTo(RestErrorCodes.KAFKA_ERROR);
      assertThat(e.status()).isEqualTo(200);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no backoff: not retried").isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aRetriableKafkaFailureGets50003AndRestProxyClientRetriesIt() throws Exception {
    kafka.createTopic("gw-vanishing.pin", 1);
    try (RestGateway impatient = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers()))
        .port(0).deliveryTimeout(Duration.ofSeconds(3)).producerProperty("max.block.ms", 2_000).start()) {
      String url = impatient.uri() + "/topics/gw-vanishing.pin";
      assertThat(post(url, JSON, "{\"records\":[{\"value\":0}]}").statusCode()).isEqualTo(200);
      // The gateway still has the topic in its metadata cache; Kafka no longer has it: the producer's
      // send fails with a retriable error (unknown topic, then a timeout).
      try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.deleteTopics(List.of("gw-vanishing.pin")).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("gw-vanishing.pin") && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
      }
      HttpResponse<String> response = post(url, JSON, "{\"records\":[{\"value\":1}]}");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode offset = MAPPER.readTree(response.body()).get("offsets").get(0);
      assertThat(offset.get("error_code").asInt()).as(response.body()).isEqualTo(RestErrorCodes.KAFKA_RETRIABLE_ERROR);
      assertThat(offset.get("offset").isNull()).isTrue();

      RestProxyClient client = RestProxyClient.builder(impatient.uri()).maxAttempts(2).initialBackoff(Duration.ofMillis(10)).build();
      try {
        client.post("gw-vanishing.pin", List.of(new RestRecord(null, "2".getBytes(StandardCharsets.UTF_8))));
        throw new AssertionError("a record for a deleted topic was accepted");
      } catch (RestProxyException e) {
        assertThat(e.errorCode()).isEqualTo(RestErrorCodes.KAFKA_RETRIABLE_ERROR);
        assertThat(e.getMessage()).contains("after 2 attempts");
      }
    }
  }

  @Test
  void topicListingAndTopicsOutsideTheAllowedPrefixes() throws Exception {
    kafka.createTopic("allowed-a.pin", 1);
    kafka.createTopic("hidden-b.pin", 1);
    try (RestGateway scoped = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers()))
        .port(0).allowedTopicPrefixes(List.of("allowed-")).start()) {
      HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(scoped.uri() + "/topics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).isEqualTo(200);
      List<String> names = new ArrayList<>();
      MAPPER.readTree(list.body()).forEach(n -> names.add(n.asText()));
      assertThat(names).contains("allowed-a.pin").allMatch(n -> n.startsWith("allowed-"));

      HttpResponse<String> hidden = HTTP.send(HttpRequest.newBuilder(URI.create(scoped.uri() + "/topics/hidden-b.pin")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(hidden.statusCode()).isEqualTo(404);
      assertThat(MAPPER.readTree(hidden.body()).get("error_code").asInt()).isEqualTo(RestErrorCodes.TOPIC_NOT_FOUND);
      HttpResponse<String> produce = post(scoped.uri() + "/topics/hidden-b.pin", JSON, "{\"records\":[{\"value\":1}]}");
      assertThat(produce.statusCode()).isEqualTo(404);
    }
    assertThat(endOffset("hidden-b.pin")).isZero();
  }

  @Test
  void healthzAnswersWithoutAuthAndWithoutTopicNames() throws Exception {
    try (RestGateway secured = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers()))
        .port(0).basePath("/prod").auth(GatewayAuth.apiKey("x-api-key", "k3y-" + "h".repeat(20))).start()) {
      for (String path : List.of("/healthz", "/prod/healthz")) {
        RawHttp.Answer answer = RawHttp.exchange(secured.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            new byte[0]);
        assertThat(answer.status()).as(path).isEqualTo(200);
        assertThat(answer.body()).doesNotContain(".pin").doesNotContain(TOPIC);
      }
      RawHttp.Answer topics = RawHttp.exchange(secured.port(), "GET /prod/topics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
          new byte[0]);
      assertThat(topics.status()).as("the API itself still needs the key").isEqualTo(401);
      assertThat(MAPPER.readTree(topics.body()).get("error_code").asInt()).isEqualTo(RestErrorCodes.UNAUTHORIZED);
    }
  }

  @Test
  void invalidUtf8AndChunkedOversizedBodiesAreRefused() throws Exception {
    long before = endOffset(REJECT_TOPIC);
    byte[] prefix = "{\"records\":[{\"value\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] bad = new byte[prefix.length + 4];
    System.arraycopy(prefix, 0, bad, 0, prefix.length);
    bad[prefix.length] = (byte) 0xC3;
    bad[prefix.length + 1] = (byte) 0x28;
    bad[prefix.length + 2] = '"';
    bad[prefix.length + 3] = '}';
    byte[] body = (new String(bad, StandardCharsets.ISO_8859_1) + "]}").getBytes(StandardCharsets.ISO_8859_1);
    RawHttp.Answer utf8 = RawHttp.exchange(gateway.port(), "POST /topics/" + REJECT_TOPIC + " HTTP/1.1\r\nHost: x\r\n"
        + "Connection: close\r\nContent-Type: " + JSON + "\r\nContent-Length: " + body.length + "\r\n\r\n", body);
    assertThat(utf8.status()).isEqualTo(400);
    assertThat(MAPPER.readTree(utf8.body()).get("error_code").asInt()).isEqualTo(400);

    HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/topics/" + REJECT_TOPIC))
        .header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(("{\"records\":[{\"value\":\"" + "y".repeat(200_000) + "\"}]}").getBytes(StandardCharsets.UTF_8))))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(MAPPER.readTree(chunked.body()).get("error_code").asInt()).isEqualTo(413);
    assertThat(endOffset(REJECT_TOPIC)).isEqualTo(before);
  }

  @Test
  void aSlowlorisBodyTimesOutWith408AndTheServerKeepsServing() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /topics/" + REJECT_TOPIC + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + JSON
          + "\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();
      RawHttp.Answer answer = null;
      for (int i = 0; i < 40 && answer == null; i++) {
        try {
          out.write(' ');
          out.flush();
          socket.setSoTimeout(250);
          answer = RawHttp.read(socket.getInputStream());
        } catch (java.net.SocketTimeoutException stillWaiting) {
          // the server has not answered yet: keep trickling
        }
      }
      assertThat(answer).as("answered while the body was still trickling").isNotNull();
      assertThat(answer.status()).isEqualTo(408);
      assertThat(MAPPER.readTree(answer.body()).get("error_code").asInt()).isEqualTo(408);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }
    assertThat(post(gateway.uri() + "/topics/" + TOPIC, JSON, "{\"records\":[{\"value\":1}]}").statusCode()).isEqualTo(200);
  }

  @Test
  void oversizedHeadersGetAJsonAnswerNotAnHtmlPage() throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), "GET /topics HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Big: "
        + "a".repeat(20_000) + "\r\n\r\n", new byte[0]);
    assertThat(answer.status()).isEqualTo(431);
    assertThat(answer.body()).doesNotContain("<html").contains("error_code");
  }

  @Test
  void authOnRejectsWithoutEchoingTheSecretAndAcceptsTheRightKey() throws Exception {
    String key = "k3y-" + "s".repeat(20);
    try (RestGateway secured = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers()))
        .port(0).auth(GatewayAuth.apiKey("x-api-key", key)).start()) {
      HttpResponse<String> denied = HTTP.send(HttpRequest.newBuilder(URI.create(secured.uri() + "/topics/" + TOPIC))
          .header("Content-Type", JSON).header("x-api-key", "wrong-" + key)
          .POST(HttpRequest.BodyPublishers.ofString("{\"records\":[{\"value\":1}]}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(denied.statusCode()).isEqualTo(401);
      assertThat(MAPPER.readTree(denied.body()).get("error_code").asInt()).isEqualTo(RestErrorCodes.UNAUTHORIZED);
      assertThat(denied.body()).doesNotContain(key);
      assertThat(secured.toString()).doesNotContain(key);

      RestProxyClient client = RestProxyClient.builder(secured.uri()).apiKey("x-api-key", key).build();
      List<RecordPosition> positions = client.post(TOPIC, List.of(new RestRecord(null, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8))));
      assertThat(positions).hasSize(1);
      assertThat(client.toString()).doesNotContain(key);
    }
    try (RestGateway basic = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers()))
        .port(0).auth(GatewayAuth.basic("poster", "pa55word-long")).start()) {
      HttpResponse<String> denied = post(basic.uri() + "/topics/" + TOPIC, JSON, "{\"records\":[{\"value\":1}]}");
      assertThat(denied.statusCode()).isEqualTo(401);
      assertThat(denied.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"pinpipe\"");
      assertThat(RestProxyClient.builder(basic.uri()).basicAuth("poster", "pa55word-long").build()
          .post(TOPIC, List.of(new RestRecord("7".getBytes(StandardCharsets.UTF_8), "1".getBytes(StandardCharsets.UTF_8))))).hasSize(1);
    }
  }

  @Test
  void underOverloadExcessRequestsGet503WithRetryAfterAndNoAcknowledgedRecordIsLost() throws Exception {
    kafka.createTopic("gw-overload.pin", 3);
    String value = "\"" + "z".repeat(30_000) + "\"";
    String body = "{\"records\":[{\"value\":" + value + "},{\"value\":" + value + "}]}";
    int clients = 24;
    int rounds = 8;
    try (RestGateway small = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers()))
        .port(0).maxInFlightBytes(300_000).maxThreads(64).start()) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<int[]>> results = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        results.add(pool.submit(() -> {
          int accepted = 0;
          int refused = 0;
          for (int r = 0; r < rounds; r++) {
            HttpResponse<String> response = post(small.uri() + "/topics/gw-overload.pin", JSON, body);
            if (response.statusCode() == 200) {
              accepted += MAPPER.readTree(response.body()).get("offsets").size();
            } else {
              assertThat(response.statusCode()).isEqualTo(503);
              assertThat(response.headers().firstValue("Retry-After")).contains("1");
              assertThat(MAPPER.readTree(response.body()).get("error_code").asInt()).isEqualTo(RestErrorCodes.SERVICE_UNAVAILABLE);
              refused++;
            }
          }
          return new int[] {accepted, refused};
        }));
      }
      int accepted = 0;
      int refused = 0;
      for (Future<int[]> result : results) {
        accepted += result.get(120, TimeUnit.SECONDS)[0];
        refused += result.get()[1];
      }
      pool.shutdown();
      assertThat(refused).as("some requests were turned away").isPositive();
      assertThat(accepted).as("some requests got through").isPositive();
      assertThat(endOffset("gw-overload.pin")).as("every acknowledged record, and only those").isEqualTo(accepted);
      assertThat(small.availableInFlightBytes()).as("budget fully released").isEqualTo(300_000);
    }
  }

  @Test
  void closeLetsAnInFlightRequestFinish() throws Exception {
    RestGateway closing = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers())).port(0).start();
    int budget = closing.availableInFlightBytes();
    byte[] body = "{\"records\":[{\"value\":{\"graceful\":true}}]}".getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", closing.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /topics/" + TOPIC + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + JSON + "\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (closing.availableInFlightBytes() == budget && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // until the gateway holds the request in flight
      }
      assertThat(closing.availableInFlightBytes()).as("request in flight").isLessThan(budget);
      Thread stopper = new Thread(closing::close);
      stopper.start();
      stopper.join(300); // close() is now waiting for the request in flight
      out.write(body, 10, body.length - 10);
      out.flush();
      RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      stopper.join(30_000);
      assertThat(stopper.isAlive()).isFalse();
    }
  }

  // RestProxyClient retries exactly what Confluent marks retriable, against a scripted proxy

  private static final String OK_0 = "{\"partition\":0,\"offset\":1,\"error_code\":null,\"error\":null}";

  private static String offsets(String... entries) {
    return "{\"key_schema_id\":null,\"value_schema_id\":null,\"offsets\":[" + String.join(",", entries) + "]}";
  }

  private static String failed(int errorCode) {
    return "{\"partition\":null,\"offset\":null,\"error_code\":" + errorCode + ",\"error\":\"boom\"}";
  }

  private static List<RestRecord> records(int n) {
    List<RestRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(new RestRecord(null, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
    }
    return records;
  }

  @Test
  void clientResendsOnlyTheRecordsAnswered50003() throws Exception {
    try (FakeProxy proxy = new FakeProxy(
        new FakeProxy.Reply(200, offsets(OK_0, failed(50003), OK_0)),
        new FakeProxy.Reply(200, offsets("{\"partition\":2,\"offset\":9,\"error_code\":null,\"error\":null}")))) {
      List<RecordPosition> positions = proxy.client(5).post("t.pin", records(3));

      assertThat(positions).extracting(RecordPosition::partition).containsExactly(0, 2, 0);
      assertThat(proxy.bodies).hasSize(2);
      assertThat(proxy.bodies.get(1)).contains("{\"n\":1}").doesNotContain("{\"n\":0}").doesNotContain("{\"n\":2}");
    }
  }

  @Test
  void clientRetries429And503AndAWholeRequest50003() throws Exception {
    try (FakeProxy proxy = new FakeProxy(
        new FakeProxy.Reply(429, "{\"error_code\":429,\"message\":\"Request rate limit exceeded\"}"),
        new FakeProxy.Reply(503, "{\"error_code\":503,\"message\":\"overloaded\"}"),
        new FakeProxy.Reply(500, "{\"error_code\":50003,\"message\":\"Retriable Kafka error\"}"),
        new FakeProxy.Reply(200, offsets(OK_0)))) {
      assertThat(proxy.client(5).post("t.pin", records(1))).hasSize(1);
      assertThat(proxy.bodies).hasSize(4);
    }
  }

  static Stream<FakeProxy.Reply> permanentAnswers() {
    return Stream.of(
        new FakeProxy.Reply(200, offsets(failed(RestErrorCodes.KAFKA_ERROR))),
        new FakeProxy.Reply(200, offsets(OK_0, failed(RestErrorCodes.KAFKA_ERROR))),
        new FakeProxy.Reply(401, offsets(failed(RestErrorCodes.KAFKA_AUTHENTICATION_ERROR))),
        new FakeProxy.Reply(403, offsets(failed(RestErrorCodes.KAFKA_AUTHORIZATION_ERROR))),
        new FakeProxy.Reply(400, "{\"error_code\":400,\"message\":\"bad\"}"),
        new FakeProxy.Reply(404, "{\"error_code\":40401,\"message\":\"Topic not found.\"}"),
        new FakeProxy.Reply(415, "{\"error_code\":415,\"message\":\"HTTP 415 Unsupported Media Type\"}"),
        new FakeProxy.Reply(422, "{\"error_code\":42207,\"message\":\"Error serializing message.\"}"),
        new FakeProxy.Reply(500, "{\"error_code\":50002,\"message\":\"Kafka error\"}"),
        new FakeProxy.Reply(500, "{\"error_code\":500,\"message\":\"Internal Server Error\"}"),
        new FakeProxy.Reply(502, "<html>bad gateway</html>"));
  }

  @ParameterizedTest
  @MethodSource("permanentAnswers")
  void clientDoesNotRetryWhatConfluentDoesNotMarkRetriable(FakeProxy.Reply reply) throws Exception {
    int records = reply.body().split("error_code").length - 1;
    try (FakeProxy proxy = new FakeProxy(reply, new FakeProxy.Reply(200, offsets(OK_0, OK_0)))) {
      try {
        proxy.client(5).post("t.pin", records(Math.max(1, records)));
        throw new AssertionError("accepted after " + reply);
      } catch (RestProxyException e) {
        assertThat(e.status()).isEqualTo(reply.status());
      }
      assertThat(proxy.bodies).as("sent once").hasSize(1);
    }
  }

  @Test
  void clientRetriesARefusedConnectionButNotAnUnansweredRequest() throws Exception {
    int closedPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    RestProxyClient refused = RestProxyClient.builder(URI.create("http://127.0.0.1:" + closedPort))
        .maxAttempts(3).initialBackoff(Duration.ofMillis(1)).build();
    try {
      refused.post("t.pin", records(1));
      throw new AssertionError("posted to a closed port");
    } catch (RestProxyException e) {
      assertThat(e.status()).isEqualTo(-1);
      assertThat(e.getMessage()).contains("after 3 attempts").contains("cannot connect");
    }

    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
      Thread acceptor = new Thread(() -> {
        while (!silent.isClosed()) {
          try (Socket socket = silent.accept()) {
            accepted.incrementAndGet();
            socket.getInputStream().read(new byte[8192]); // take the request, answer nothing
          } catch (java.io.IOException closed) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      RestProxyClient unanswered = RestProxyClient.builder(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
          .maxAttempts(3).initialBackoff(Duration.ofMillis(1)).build();
      try {
        unanswered.post("t.pin", records(1));
        throw new AssertionError("a request without an answer succeeded");
      } catch (RestProxyException e) {
        assertThat(e.status()).isEqualTo(-1);
        assertThat(e.getMessage()).contains("not answered").contains("duplicate");
      }
      Thread.sleep(200);
      assertThat(accepted.get()).as("not sent again: it may have been written").isEqualTo(1);
    }
  }

  /** An HTTP server answering each request with the next scripted reply, and keeping the request bodies. */
  static final class FakeProxy implements AutoCloseable {
    record Reply(int status, String body) {}

    private final com.sun.net.httpserver.HttpServer server;
    private final java.util.Deque<Reply> replies;
    final List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();

    FakeProxy(Reply... replies) throws java.io.IOException {
      this.replies = new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(replies));
      server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Reply reply = this.replies.poll();
        byte[] body = (reply == null ? "{\"error_code\":500,\"message\":\"script exhausted\"}" : reply.body())
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.kafka.v2+json");
        exchange.getResponseHeaders().add("Retry-After", "0");
        exchange.sendResponseHeaders(reply == null ? 500 : reply.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
    }

    RestProxyClient client(int attempts) {
      return RestProxyClient.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
          .maxAttempts(attempts).initialBackoff(Duration.ofMillis(1)).build();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** Creates a topic with topic configs, and waits for its leaders. */
  private static void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
    }
    kafka.createTopic(name, partitions); // exists already: waits until every partition has a leader
  }

  private static Path script() throws Exception {
    return Path.of(RestGatewayIT.class.getResource("original_client.py").toURI());
  }

  private static Path writeRows(Path dir, int n) throws Exception {
    JsonCodec codec = JsonCodec.standard();
    List<String> lines = new ArrayList<>();
    PostGenerator.withSeed(3).posts(n).forEach(p -> lines.add(new String(codec.encode(p.record(RecordType.PIN)), StandardCharsets.UTF_8)));
    Path file = dir.resolve("pin.jsonl");
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private static HttpResponse<String> post(String url, String contentType, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static long endOffset(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
