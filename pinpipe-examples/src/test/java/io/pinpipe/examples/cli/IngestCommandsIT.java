package io.pinpipe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.rest.RestGateway;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The topics, emulate and gateway commands against a real broker. */
@ExtendWith(EmbeddedKafkaExtension.class)
class IngestCommandsIT {
  @Test
  void topicsThenEmulateThroughTheProducerAndThroughAGateway(EmbeddedKafka kafka) throws Exception {
    String bootstrap = kafka.bootstrapServers();
    assertThat(PinpipeCli.execute("topics", "--bootstrap", bootstrap, "--prefix", "cli", "--partitions", "2")).isZero();
    assertThat(PinpipeCli.execute("topics", "--bootstrap", bootstrap, "--prefix", "cli", "--partitions", "3"))
        .as("existing topics with another partition count are reported").isEqualTo(1);

    assertThat(PinpipeCli.execute("emulate", "--bootstrap", bootstrap, "--prefix", "cli", "--posts", "300", "--seed", "4")).isZero();
    try (RestGateway gateway = RestGateway.builder(ClientProperties.plaintext(bootstrap)).port(0).basePath("/prod").start()) {
      assertThat(PinpipeCli.execute("emulate", "--rest", gateway.uri().toString(), "--prefix", "cli", "--posts", "50",
          "--rate", "1000")).isZero();
    }

    assertThat(endOffsets(kafka, "cli.pin")).isEqualTo(350);
    assertThat(endOffsets(kafka, "cli.geo")).isEqualTo(350);
    assertThat(endOffsets(kafka, "cli.user")).isEqualTo(350);
  }

  @Test
  void connectionOptionsAreCheckedAsUsageErrors() {
    assertThat(PinpipeCli.execute("emulate", "--prefix", "x")).as("neither --bootstrap nor --rest").isEqualTo(2);
    assertThat(PinpipeCli.execute("emulate", "--prefix", "x", "--bootstrap", "h:1", "--rest", "http://h:2")).isEqualTo(2);
    assertThat(PinpipeCli.execute("emulate", "--prefix", "x", "--bootstrap", "h:1", "--rate", "fast")).isEqualTo(2);
    assertThat(PinpipeCli.execute("emulate", "--prefix", "x", "--bootstrap", "h:1", "--source", "ftp:x")).isEqualTo(2);
    assertThat(PinpipeCli.execute("topics", "--prefix", "x")).as("missing --bootstrap").isEqualTo(2);
    assertThat(PinpipeCli.execute("topics", "--prefix", "x", "--bootstrap", "h:1", "--msk-iam", "--aws-role-arn", "nope"))
        .isEqualTo(2);
    assertThat(PinpipeCli.execute("topics", "--prefix", "x", "--bootstrap", "h:1", "--aws-profile", "p"))
        .as("--aws-profile needs --msk-iam").isEqualTo(2);
    assertThat(PinpipeCli.execute("gateway", "--bootstrap", "h:1", "--base-path", "no-slash/../x")).isEqualTo(2);
  }

  @Test
  void gatewayCommandServesUntilStopped(EmbeddedKafka kafka) throws Exception {
    Path launcher = Path.of("..", "bin", "pinpipe").toAbsolutePath().normalize();
    Process process = new ProcessBuilder("bash", launcher.toString(), "gateway", "--bootstrap", kafka.bootstrapServers(),
        "--port", "0", "--base-path", "/prod").start();
    try {
      String first = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(first).startsWith("REST gateway at http://127.0.0.1:").endsWith("/prod");
      String uri = first.substring("REST gateway at ".length());
      HttpResponse<String> topics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(uri + "/topics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(topics.statusCode()).isEqualTo(200);
      assertThat(topics.body()).startsWith("[");
    } finally {
      process.destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
  }

  private static long endOffsets(EmbeddedKafka kafka, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      long total = 0;
      for (int p = 0; p < partitions; p++) {
        total += admin.listOffsets(Map.of(new TopicPartition(topic, p), OffsetSpec.latest())).all().get()
            .values().iterator().next().offset();
      }
      return total;
    }
  }
}
