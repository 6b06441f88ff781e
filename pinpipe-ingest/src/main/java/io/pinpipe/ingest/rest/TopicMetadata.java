package io.pinpipe.ingest.rest;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Partition counts of topics, cached: known topics for 30 s, unknown ones for 2 s, so a burst of
 * requests for a missing topic does not hammer the cluster. Thread-safe.
 */
final class TopicMetadata {
  private static final long KNOWN_TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long UNKNOWN_TTL_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final Admin admin;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  TopicMetadata(Admin admin) {
    this.admin = admin;
  }

  /** The topic's partition count, or empty if it does not exist. */
  OptionalInt partitions(String topic) {
    long now = System.nanoTime();
    Entry entry = cache.get(topic);
    if (entry == null || now - entry.loadedAt > (entry.partitions < 0 ? UNKNOWN_TTL_NANOS : KNOWN_TTL_NANOS)) {
      entry = new Entry(load(topic), now);
      cache.put(topic, entry);
    }
    return entry.partitions < 0 ? OptionalInt.empty() : OptionalInt.of(entry.partitions);
  }

  /** The full description of a topic, or null if it does not exist. */
  TopicDescription describe(String topic) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw new IllegalStateException("Cannot describe topic " + topic + ": " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot describe topic " + topic + ": interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Cannot describe topic " + topic + ": Kafka did not answer", e);
    }
  }

  /** Names of the non-internal topics. */
  List<String> names() {
    try {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().sorted().toList();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Cannot list topics: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot list topics: interrupted", e);
    }
  }

  private int load(String topic) {
    TopicDescription description = describe(topic);
    return description == null ? -1 : description.partitions().size();
  }

  private record Entry(int partitions, long loadedAt) {}
}
