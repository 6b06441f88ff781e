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
import org.junit.jupiter.params.provider.Arguments;
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

  static Stream<Arguments> badRequests() {
    String ok = "{\"records\":[{\"value\":{\"index\":1}}]}";
    String t = "/topics/" + REJECT_TOPIC;
    String big = "{\"records\":[{\"value\":\"" + "x".repeat(70 * 1024) + "\"}]}";
    StringBuilder many = new StringBuilder("{\"records\":[");
    for (int i = 0; i < 51; i++) {
      many.append(i == 0 ? "" : ",").append("{\"value\":").append(i).append('}');
    }
    many.append("]}");
    return Stream.of(
        Arguments.of("wrong content type", "POST", t, "text/plain", ok, 415, 41501),
        Arguments.of("missing content type", "POST", t, null, ok, 415, 41501),
        Arguments.of("plain application/json", "POST", t, "application/json", ok, 415, 41501),
        Arguments.of("avro format", "POST", t, "application/vnd.kafka.avro.v2+json", ok, 415, 41501),
        Arguments.of("truncated JSON", "POST", t, JSON, "{\"records\": [", 422, 42201),
        Arguments.of("body is an array", "POST", t, JSON, "[]", 422, 42201),
        Arguments.of("body is a string", "POST", t, JSON, "\"records\"", 422, 42201),
        Arguments.of("records missing", "POST", t, JSON, "{}", 422, 42202),
        Arguments.of("records not an array", "POST", t, JSON, "{\"records\":{}}", 422, 42202),
        Arguments.of("records empty", "POST", t, JSON, "{\"records\":[]}", 422, 42202),
        Arguments.of("record not an object", "POST", t, JSON, "{\"records\":[1]}", 422, 42203),
        Arguments.of("record without value", "POST", t, JSON, "{\"records\":[{\"key\":1}]}", 422, 42203),
        Arguments.of("second record bad: first not written", "POST", t, JSON, "{\"records\":[{\"value\":1},{\"key\":2}]}", 422, 42203),
        Arguments.of("binary value not base64", "POST", t, BINARY, "{\"records\":[{\"value\":\"***\"}]}", 422, 42203),
        Arguments.of("binary value not a string", "POST", t, BINARY, "{\"records\":[{\"value\":{\"a\":1}}]}", 422, 42203),
        Arguments.of("binary key not base64", "POST", t, BINARY, "{\"records\":[{\"key\":\"%%\",\"value\":\"" + b64("v") + "\"}]}", 422, 42203),
        Arguments.of("body over the limit", "POST", t, JSON, big, 413, 41301),
        Arguments.of("too many records", "POST", t, JSON, many.toString(), 422, 42204),
        Arguments.of("duplicate records field", "POST", t, JSON, "{\"records\":[{\"value\":1}],\"records\":[]}", 422, 42201),
        Arguments.of("duplicate value field", "POST", t, JSON, "{\"records\":[{\"value\":1,\"value\":2}]}", 422, 42201),
        Arguments.of("trailing data", "POST", t, JSON, ok + " {}", 422, 42201),
        Arguments.of("nesting too deep", "POST", t, JSON, "{\"records\":[{\"value\":" + "[".repeat(100) + "]".repeat(100) + "}]}", 422, 42201),
        Arguments.of("unknown topic", "POST", "/topics/no-such.pin", JSON, ok, 404, 40401),
        Arguments.of("invalid topic name", "POST", "/topics/bad$name", JSON, ok, 404, 40401),
        // Jetty's URI layer canonicalises dot segments and refuses NUL and paths above the root (JSON 400)
        Arguments.of("encoded dot-dot", "POST", "/topics/%2e%2e", JSON, ok, 404, 404),
        Arguments.of("encoded NUL", "POST", "/topics/a%00b", JSON, ok, 400, 400),
        Arguments.of("encoded slash traversal", "POST", "/topics/..%2F..%2Fetc%2Fpasswd", JSON, ok, 404, 404),
        Arguments.of("dot-dot segments", "POST", "/topics/../../etc/passwd", JSON, ok, 400, 400),
        Arguments.of("encoded percent in topic", "POST", "/topics/a%25b", JSON, ok, 404, 40401),
        Arguments.of("unknown partition", "POST", t + "/partitions/7", JSON, ok, 404, 40402),
        Arguments.of("partition not a number", "POST", t + "/partitions/x1", JSON, ok, 404, 40402),
        Arguments.of("record partition beyond topic", "POST", t, JSON, "{\"records\":[{\"value\":1,\"partition\":99}]}", 404, 40402),
        Arguments.of("record partition negative", "POST", t, JSON, "{\"records\":[{\"value\":1,\"partition\":-1}]}", 422, 42203),
        Arguments.of("record partition differs from URL", "POST", t + "/partitions/0", JSON, "{\"records\":[{\"value\":1,\"partition\":1}]}", 422, 42203),
        Arguments.of("DELETE a topic", "DELETE", t, JSON, "", 405, 40501),
        Arguments.of("PUT topics", "PUT", "/topics", JSON, ok, 405, 40501),
        Arguments.of("unknown route", "POST", "/consumers/x", JSON, ok, 404, 404));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void badRequestsGetTheSpecStatusAndErrorCodeAndWriteNothing(
      String name, String method, String path, String contentType, String body, int status, int errorCode) throws Exception {
    long before = endOffset(REJECT_TOPIC);
    String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";

    RawHttp.Answer answer = RawHttp.exchange(gateway.port(), head, body.getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    JsonNode error = MAPPER.readTree(answer.body());
    assertThat(error.get("error_code").asInt()).as(answer.body()).isEqualTo(errorCode);
    assertThat(error.get("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(endOffset(REJECT_TOPIC)).as("nothing written").isEqualTo(before);
    assertThat(post(gateway.uri() + "/topics/" + TOPIC, JSON, "{\"records\":[{\"value\":1}]}").statusCode())
        .as("still serving").isEqualTo(200);
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
    assertThat(utf8.status()).isEqualTo(422);
    assertThat(utf8.body()).contains("42201");

    HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.uri() + "/topics/" + REJECT_TOPIC))
        .header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(("{\"records\":[{\"value\":\"" + "y".repeat(200_000) + "\"}]}").getBytes(StandardCharsets.UTF_8))))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.body()).contains("41301");
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
      assertThat(answer.body()).contains("40801");
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
      assertThat(denied.body()).contains("40101").doesNotContain(key);
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
