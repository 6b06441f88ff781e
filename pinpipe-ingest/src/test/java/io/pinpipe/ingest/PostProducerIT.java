package io.pinpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.Post;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class PostProducerIT {
  private static final int POSTS = 100_000;

  @Test
  void hundredThousandPostsLandOncePerTopicWithValuesAsSentAndKeysEqualToInd(EmbeddedKafka kafka) throws Exception {
    Topics topics = Topics.forPrefix("producer100k");
    try (TopicAdmin admin = TopicAdmin.create(ClientProperties.plaintext(kafka.bootstrapServers()))) {
      admin.ensureTopics(topics, TopicSpec.local(3));
    }
    PostGenerator generator = PostGenerator.withSeed(11);
    Map<Integer, Integer> sentPerInd = new HashMap<>();
    AtomicInteger listenerSent = new AtomicInteger();
    List<CompletableFuture<PostReceipt>> futures = new ArrayList<>(POSTS);
    try (PostProducer producer =
        PostProducer.builder(topics, ClientProperties.plaintext(kafka.bootstrapServers()))
            .listener(new SendListener() {
              @Override
              public void onSent(RawRecord record, RecordPosition position) {
                listenerSent.incrementAndGet();
              }
            })
            .build()) {
      generator.posts(POSTS).forEach(post -> {
        sentPerInd.merge(post.ind(), 1, Integer::sum);
        futures.add(producer.send(post));
      });
      producer.flush();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      assertThat(producer.counters()).isEqualTo(new ProducerCounters(3L * POSTS, 0));
    }
    assertThat(listenerSent).hasValue(3 * POSTS);
    PostReceipt receipt = futures.get(0).get();
    assertThat(receipt.pin().topic()).isEqualTo(topics.pin());
    assertThat(receipt.user().topic()).isEqualTo(topics.user());

    JsonCodec codec = JsonCodec.standard();
    for (RecordType type : RecordType.values()) {
      Map<Integer, Integer> readPerInd = new HashMap<>();
      List<ConsumerRecord<byte[], byte[]>> records = kafka.records(topics.topic(type));
      assertThat(records).as(type + " records").hasSize(POSTS);
      for (ConsumerRecord<byte[], byte[]> record : records) {
        int ind = Integer.parseInt(new String(record.key(), StandardCharsets.US_ASCII));
        assertThat(record.value()).as("value as sent").isEqualTo(codec.encode(generator.row(ind).record(type)));
        readPerInd.merge(ind, 1, Integer::sum);
      }
      assertThat(readPerInd).as("each post once in " + type).isEqualTo(sentPerInd);
    }
  }

  @Test
  void aFailedSendReachesTheFutureTheListenerAndTheCounters(EmbeddedKafka kafka) {
    Topics missing = Topics.forPrefix("never-created");
    List<SendException> heard = new ArrayList<>();
    try (PostProducer producer =
        PostProducer.builder(missing, ClientProperties.plaintext(kafka.bootstrapServers()))
            .property("max.block.ms", 1_000)
            .listener(new SendListener() {
              @Override
              public synchronized void onFailed(RawRecord record, SendException failure) {
                heard.add(failure);
              }
            })
            .build()) {
      Post post = PostGenerator.withSeed(1).row(42);
      CompletableFuture<PostReceipt> future = producer.send(post);

      assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(SendException.class)
          .hasMessageContaining("record 42 to topic 'never-created.");
      producer.flush();
      assertThat(producer.counters().failed()).isEqualTo(3);
      assertThat(producer.counters().sent()).isZero();
    }
    assertThat(heard).hasSize(3).extracting(SendException::ind).containsOnly(42);
  }
}
