package io.pinpipe.storage.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.Topics;
import io.pinpipe.storage.ArchiveArea;
import io.pinpipe.storage.ArchiveReader;
import io.pinpipe.storage.Archiver;
import io.pinpipe.storage.ObjectKey;
import io.pinpipe.storage.PartitionCheck;
import io.pinpipe.storage.RotationPolicy;
import io.pinpipe.storage.TestArchives;
import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import io.pinpipe.testkit.EmbeddedS3;
import io.pinpipe.testkit.EmbeddedS3Extension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.util.FutureCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The connector in a real, in-process Kafka Connect worker archives the same keys and bytes as the embedded archiver. */
@ExtendWith({EmbeddedKafkaExtension.class, EmbeddedS3Extension.class})
class ArchiveSinkConnectorIT {
  @Test
  void connectorAndEmbeddedArchiverWriteTheSameArchive(EmbeddedKafka kafka, EmbeddedS3 s3, @TempDir Path dir) throws Exception {
    Topics topics = Topics.forPrefix("connect");
    topics.all().forEach(t -> kafka.createTopic(t, 2));
    TestArchives.produce(kafka, topics, 0, 10_000);

    Map<String, String> worker = new HashMap<>();
    worker.put("bootstrap.servers", kafka.bootstrapServers());
    worker.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    worker.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    worker.put("offset.storage.file.filename", dir.resolve("offsets").toString());
    worker.put("offset.flush.interval.ms", "500");
    worker.put("plugin.discovery", "service_load");
    worker.put("listeners", "http://127.0.0.1:0");
    Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(worker);
    try (S3ObjectStore store = TestArchives.store(s3)) {
      Map<String, String> connector = new HashMap<>();
      connector.put("name", "archive");
      connector.put("connector.class", ArchiveSinkConnector.class.getName());
      connector.put("tasks.max", "2");
      connector.put("topics", String.join(",", topics.all()));
      connector.put(ArchiveSinkConfig.BUCKET, EmbeddedS3Extension.BUCKET);
      connector.put(ArchiveSinkConfig.STORE_URL, s3.endpoint().toString());
      connector.put(ArchiveSinkConfig.ACCESS_KEY, s3.accessKey());
      connector.put(ArchiveSinkConfig.SECRET_KEY, s3.secretKey());
      connector.put(ArchiveSinkConfig.ROOT, "via-connect");
      connector.put(ArchiveSinkConfig.FLUSH_SIZE, "1000");
      connector.put(ArchiveSinkConfig.IDLE_INTERVAL_MS, "1000");
      FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
      connect.herder().putConnectorConfig("archive", connector, false, created);
      created.get(60, TimeUnit.SECONDS);

      Archiver archiver = Archiver.builder(kafka.clientProperties(), topics.all(), store, "via-archiver").groupId("compare")
          .rotation(RotationPolicy.defaults().withFlushSize(1000).withIdleInterval(Duration.ofSeconds(1))).build().start();
      ArchiveReader viaConnect = new ArchiveReader(store, "via-connect");
      ArchiveReader viaArchiver = new ArchiveReader(store, "via-archiver");
      TestArchives.await(() -> complete(viaConnect, topics) && complete(viaArchiver, topics), "both archives complete");
      archiver.close();

      for (String topic : topics.all()) {
        List<PartitionCheck> checks = viaConnect.check(topic);
        assertThat(checks).allSatisfy(c -> assertThat(c.exact()).as(c.toString()).isTrue());
        List<ObjectKey> connectKeys = viaConnect.objects(ArchiveArea.TOPICS, topic);
        List<ObjectKey> archiverKeys = viaArchiver.objects(ArchiveArea.TOPICS, topic);
        assertThat(connectKeys.stream().map(k -> k.key().substring("via-connect/".length())).toList())
            .as("same keys").isEqualTo(archiverKeys.stream().map(k -> k.key().substring("via-archiver/".length())).toList());
        for (int i = 0; i < connectKeys.size(); i++) {
          assertThat(store.get(connectKeys.get(i).key())).as("same bytes").isEqualTo(store.get(archiverKeys.get(i).key()));
        }
      }
    } finally {
      connect.stop();
      connect.awaitStop();
    }
  }

  private static boolean complete(ArchiveReader reader, Topics topics) {
    for (String topic : topics.all()) {
      if (reader.check(topic).stream().mapToLong(PartitionCheck::records).sum() < 10_000) {
        return false;
      }
    }
    return true;
  }
}
