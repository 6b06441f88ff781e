package io.pinpipe.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaIT {
  @Test
  void producesAndConsumesTenThousandRecordsWithPlainClients(EmbeddedKafka kafka) throws Exception {
    kafka.createTopic("testkit.ten-thousand", 3);
    send(kafka, "testkit.ten-thousand", 0, 10_000);

    List<ConsumerRecord<String, String>> records = readAll(kafka, "testkit.ten-thousand", 10_000);

    assertThat(records).hasSize(10_000);
    Set<String> values = new TreeSet<>();
    records.forEach(r -> values.add(r.value()));
    assertThat(values).hasSize(10_000).contains("value-0", "value-9999");
    assertThat(records).allSatisfy(r -> assertThat(r.value()).isEqualTo("value-" + r.key()));
    assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(3);
  }

  @Test
  void topicsAreNotAutoCreatedLikeOnMsk(EmbeddedKafka kafka) throws Exception {
    try (var admin = org.apache.kafka.clients.admin.Admin.create(kafka.clientProperties())) {
      assertThat(admin.listTopics().names().get()).doesNotContain("testkit.never-created");
    }
  }

  @Test
  void restartKeepsDataAndServesAgain() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(2).start()) {
      kafka.createTopic("restart", 2);
      send(kafka, "restart", 0, 500);

      kafka.restart();
      send(kafka, "restart", 500, 500);

      assertThat(readAll(kafka, "restart", 1_000)).hasSize(1_000);
    }
  }

  @Test
  void closeDeletesTheLogDirectoryAndIsIdempotent() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    java.lang.reflect.Field dir = EmbeddedKafka.class.getDeclaredField("directory");
    dir.setAccessible(true);
    java.nio.file.Path path = (java.nio.file.Path) dir.get(kafka);
    assertThat(path).exists();

    kafka.close();
    kafka.close();

    assertThat(path).doesNotExist();
  }

  private static void send(EmbeddedKafka kafka, String topic, int from, int count) throws Exception {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      for (int i = from; i < from + count; i++) {
        producer.send(new ProducerRecord<>(topic, Integer.toString(i), "value-" + i));
      }
      producer.flush();
    }
  }

  private static List<ConsumerRecord<String, String>> readAll(EmbeddedKafka kafka, String topic, int expected) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      // one more poll proves nothing extra is there
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }
}
