package io.pinpipe.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.Topics;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class TopicAdminIT {
  @Test
  void createsOnceThenReportsExistingAndMismatchedTopics(EmbeddedKafka kafka) {
    Topics topics = Topics.forPrefix("admin-test");
    kafka.createTopic(topics.geo(), 5); // exists beforehand, other partition count
    try (TopicAdmin admin = TopicAdmin.create(ClientProperties.plaintext(kafka.bootstrapServers()))) {
      TopicSpec spec = new TopicSpec(2, (short) 1, Map.of("retention.ms", "86400000"));

      assertThat(admin.ensureTopics(topics, spec))
          .containsExactly(
              new TopicStatus(topics.pin(), TopicStatus.Outcome.CREATED, 2),
              new TopicStatus(topics.geo(), TopicStatus.Outcome.PARTITION_MISMATCH, 5),
              new TopicStatus(topics.user(), TopicStatus.Outcome.CREATED, 2));
      assertThat(admin.ensureTopics(topics, spec))
          .extracting(TopicStatus::outcome)
          .containsExactly(TopicStatus.Outcome.EXISTS, TopicStatus.Outcome.PARTITION_MISMATCH, TopicStatus.Outcome.EXISTS);
    }
  }
}
