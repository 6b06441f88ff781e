package io.pinpipe.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {
  @Test
  void mskIamWithTheDefaultChainMatchesTheMskDocumentationExactly() {
    assertThat(ClientProperties.mskIam("b-1.example.com:9098", MskIamAuth.defaultChain()).asMap())
        .containsExactlyInAnyOrderEntriesOf(Map.of(
            "bootstrap.servers", "b-1.example.com:9098",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "AWS_MSK_IAM",
            "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
            "sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));
  }

  @Test
  void mskIamWithAProfileOrARoleUsesTheDocumentedJaasOptions() {
    assertThat(MskIamAuth.profile("msk_client").jaasConfig())
        .isEqualTo("software.amazon.msk.auth.iam.IAMLoginModule required awsProfileName=\"msk_client\";");
    assertThat(MskIamAuth.role("arn:aws:iam::123456789012:role/msk_client_role", "producer").jaasConfig())
        .isEqualTo("software.amazon.msk.auth.iam.IAMLoginModule required "
            + "awsRoleArn=\"arn:aws:iam::123456789012:role/msk_client_role\" awsRoleSessionName=\"producer\";");
    assertThatThrownBy(() -> MskIamAuth.role("not-an-arn", null)).hasMessageContaining("'not-an-arn'");
    assertThatThrownBy(() -> MskIamAuth.profile("a\" evil=\"x")).hasMessageContaining("quote");
  }

  @Test
  void aProducerConstructsFromMskIamPropertiesWithTheLibraryOnTheClasspath() {
    ClientProperties props = ClientProperties.mskIam("127.0.0.1:9098", MskIamAuth.profile("pinpipe-test"));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props.with("max.block.ms", 100).asMap(), new ByteArraySerializer(), new ByteArraySerializer())) {
      assertThat(producer.metrics()).isNotEmpty();
    }
  }

  @Test
  void toStringNeverShowsSecrets() {
    ClientProperties scram = ClientProperties.scram("k:9096", "SCRAM-SHA-512", "alice", "s3cr3t-Pa55");
    ClientProperties loaded = ClientProperties.of(Map.of(
        "bootstrap.servers", "k:9092",
        "ssl.truststore.password", "trust-me-123",
        "ssl.keystore.key", "PRIVATEKEY-abc",
        "basic.auth.user.info", "u:pw",
        "sasl.oauthbearer.token.endpoint.url", "https://x"));

    assertThat(scram.toString()).doesNotContain("s3cr3t-Pa55").contains("sasl.jaas.config=[redacted]").contains("k:9096");
    assertThat(loaded.toString()).doesNotContain("trust-me-123").doesNotContain("PRIVATEKEY-abc");
    assertThat(ClientProperties.mskIam("k:9098", MskIamAuth.profile("p")).toString()).contains("AWS_MSK_IAM");
  }

  @Test
  void loadsTheOriginalClientPropertiesFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, """
        # Sets up TLS for encryption and SASL for authN.
        security.protocol = SASL_SSL
        sasl.mechanism = AWS_MSK_IAM
        sasl.jaas.config = software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn="arn:aws:iam::123456789012:role/x";
        sasl.client.callback.handler.class = software.amazon.msk.auth.iam.IAMClientCallbackHandler
        """);

    ClientProperties props = ClientProperties.load(file).with("bootstrap.servers", "b-1:9098");

    assertThat(props.asMap()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "AWS_MSK_IAM");
    assertThat(props.asMap().get("sasl.jaas.config").toString()).endsWith("role/x\";");
    assertThat(props.toString()).doesNotContain("123456789012");
    assertThatThrownBy(() -> ClientProperties.load(dir.resolve("missing.properties")))
        .hasMessageContaining("missing.properties");
  }

  @Test
  void rejectsBadBootstrapAndScramValuesWithoutEchoingSecrets() {
    assertThatThrownBy(() -> ClientProperties.plaintext("no-port")).hasMessageContaining("'no-port'");
    assertThatThrownBy(() -> ClientProperties.scram("k:1", "PLAIN", "u", "p")).hasMessageContaining("'PLAIN'");
    assertThatThrownBy(() -> ClientProperties.scram("k:1", "SCRAM-SHA-256", "u", "pw\"with-quote"))
        .hasMessageNotContaining("pw\"with-quote");
  }
}
