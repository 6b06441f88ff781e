package io.pinpipe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.RawPin;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The README's short example, verbatim between the markers, so it keeps compiling and working. */
class ReadmeExampleIT {
  @Test
  void readmeExampleRuns() {
    RawPin decoded;
    // README example start
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(3).start()) {
      Topics topics = Topics.forPrefix("0a1d8948160f");
      topics.all().forEach(topic -> kafka.createTopic(topic, 3));
      JsonCodec codec = JsonCodec.standard();
      try (var producer = new KafkaProducer<>(producerProps(kafka), new StringSerializer(), new ByteArraySerializer())) {
        PostGenerator.withSeed(42).posts(1_000).forEach(post -> {
          for (RecordType type : RecordType.values()) {
            producer.send(new ProducerRecord<>(topics.topic(type), String.valueOf(post.ind()), codec.encode(post.record(type))));
          }
        });
      }
      RawPin pin = codec.decodePin(topics.pin(), firstValue(kafka, topics.pin())); // DecodeException names topic, field, reason
      // README example end
      decoded = pin;
    }
    assertThat(PostGenerator.withSeed(42).rows()).isGreaterThan(decoded.index());
    assertThat(decoded.category()).isNotBlank();
  }

  @Test
  void readmeShowsExactlyThisCode() throws java.io.IOException {
    String source = java.nio.file.Files.readString(
        java.nio.file.Path.of("src/test/java/io/pinpipe/examples/ReadmeExampleIT.java"));
    String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
    String example = source.substring(
        source.indexOf("// README example start\n") + "// README example start\n".length(),
        source.indexOf("      // README example end"));
    for (String line : example.stripTrailing().split("\n")) {
      assertThat(readme).as("README has the example line").contains(line.substring(Math.min(line.length(), 4)));
    }
  }

  private static Map<String, Object> producerProps(EmbeddedKafka kafka) {
    return Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all");
  }

  private static byte[] firstValue(EmbeddedKafka kafka, String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      for (int attempt = 0; attempt < 100; attempt++) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return record.value();
        }
      }
    }
    throw new AssertionError("no record in " + topic);
  }
}
