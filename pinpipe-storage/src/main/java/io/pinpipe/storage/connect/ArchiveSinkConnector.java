package io.pinpipe.storage.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink that archives topics to S3 exactly once with pinpipe's {@code ArchiveWriter}: a
 * drop-in for the Confluent S3 sink's JSON layout. Use {@code value.converter=
 * org.apache.kafka.connect.converters.ByteArrayConverter} so values are stored as received.
 */
public final class ArchiveSinkConnector extends SinkConnector {
  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    new ArchiveSinkConfig(props); // fail fast with the key and value at fault
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return ArchiveSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      configs.add(props);
    }
    return configs;
  }

  @Override
  public void stop() {
    // tasks own every resource
  }

  @Override
  public ConfigDef config() {
    return ArchiveSinkConfig.CONFIG_DEF;
  }

  @Override
  public String version() {
    String version = ArchiveSinkConnector.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
