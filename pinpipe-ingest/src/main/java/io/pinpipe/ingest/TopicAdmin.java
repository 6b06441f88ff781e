package io.pinpipe.ingest;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.PinpipeException;
import io.pinpipe.model.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the three topics of a prefix idempotently. Thread-safe; close it when done. */
public final class TopicAdmin implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
  private static final long TIMEOUT_SECONDS = 60;

  private final Admin admin;

  private TopicAdmin(Admin admin) {
    this.admin = admin;
  }

  /** An admin client over the given connection properties. */
  public static TopicAdmin create(ClientProperties client) {
    return new TopicAdmin(Admin.create(client.asMap()));
  }

  /**
   * Creates whichever of the prefix's topics are missing. An existing topic is left as it is; one whose
   * partition count differs from {@code spec} is reported as {@link TopicStatus.Outcome#PARTITION_MISMATCH}
   * and logged at WARN.
   *
   * @return one status per topic, in the order pin, geo, user
   * @throws PinpipeException when the cluster refuses or does not answer within 60 seconds
   */
  public List<TopicStatus> ensureTopics(Topics topics, TopicSpec spec) {
    List<TopicStatus> result = new ArrayList<>();
    for (String topic : topics.all()) {
      result.add(ensure(topic, spec));
    }
    return result;
  }

  private TopicStatus ensure(String topic, TopicSpec spec) {
    NewTopic request = new NewTopic(topic, spec.partitions(), spec.replicationFactor()).configs(spec.configs());
    try {
      admin.createTopics(List.of(request)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      LOG.info("Created topic {} with {} partitions", topic, spec.partitions());
      return new TopicStatus(topic, TopicStatus.Outcome.CREATED, spec.partitions());
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new PinpipeException("Cannot create topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
      }
    } catch (TimeoutException e) {
      throw new PinpipeException("Cannot create topic '" + topic + "': no answer within " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PinpipeException("Cannot create topic '" + topic + "': interrupted", e);
    }
    int partitions = describe(topic).partitions().size();
    if (partitions != spec.partitions()) {
      LOG.warn("Topic {} exists with {} partitions, not the {} requested; left as it is", topic, partitions, spec.partitions());
      return new TopicStatus(topic, TopicStatus.Outcome.PARTITION_MISMATCH, partitions);
    }
    return new TopicStatus(topic, TopicStatus.Outcome.EXISTS, partitions);
  }

  private TopicDescription describe(String topic) {
    try {
      Map<String, TopicDescription> found =
          admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return found.get(topic);
    } catch (ExecutionException | TimeoutException e) {
      throw new PinpipeException("Cannot describe topic '" + topic + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PinpipeException("Cannot describe topic '" + topic + "': interrupted", e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
