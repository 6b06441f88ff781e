package io.pinpipe.storage.connect;

import io.pinpipe.storage.Keys;
import io.pinpipe.storage.RotationPolicy;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the archive sink connector. Keys shared with the Confluent S3 sink mean the same
 * thing there; pinpipe's own keys start with {@code pinpipe.}. Secrets are {@link Password}s, so Connect
 * never prints them.
 */
public final class ArchiveSinkConfig extends AbstractConfig {
  public static final String BUCKET = "s3.bucket.name";
  public static final String REGION = "s3.region";
  public static final String STORE_URL = "store.url";
  public static final String TOPICS_DIR = "topics.dir";
  public static final String FLUSH_SIZE = "flush.size";
  public static final String ROTATE_INTERVAL_MS = "rotate.interval.ms";
  public static final String ROTATE_SCHEDULE_INTERVAL_MS = "rotate.schedule.interval.ms";
  public static final String PART_SIZE = "s3.part.size";
  public static final String ROOT = "pinpipe.root";
  public static final String IDLE_INTERVAL_MS = "pinpipe.idle.interval.ms";
  public static final String MEMORY_CAP = "pinpipe.memory.cap.bytes";
  public static final String ACCESS_KEY = "aws.access.key.id";
  public static final String SECRET_KEY = "aws.secret.access.key";

  /** Every key with type, default, validator and documentation. */
  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(BUCKET, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
          "S3 bucket to archive into.")
      .define(REGION, Type.STRING, "us-east-1", Importance.MEDIUM, "S3 region.")
      .define(STORE_URL, Type.STRING, null, Importance.LOW,
          "S3-compatible endpoint such as http://minio:9000; turns on path-style access. Empty for AWS S3.")
      .define(TOPICS_DIR, Type.STRING, "topics", ConfigDef.ValidString.in("topics"), Importance.LOW,
          "Top directory of the records: only 'topics' (SPEC layout); use pinpipe.root for a prefix.")
      .define(ROOT, Type.STRING, "", Importance.MEDIUM, "Key prefix of the archive (ROOT/topics/...).")
      .define(FLUSH_SIZE, Type.LONG, 10_000L, ConfigDef.Range.atLeast(0), Importance.HIGH, "Records per object; 0 = off.")
      .define(ROTATE_INTERVAL_MS, Type.LONG, -1L, Importance.MEDIUM, "Record-time span per object in ms; -1 = off.")
      .define(ROTATE_SCHEDULE_INTERVAL_MS, Type.LONG, -1L, Importance.MEDIUM, "Wall-clock age per object in ms; -1 = off.")
      .define(IDLE_INTERVAL_MS, Type.LONG, 30_000L, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
          "Write an idle partition's open object after this many ms; 0 = off.")
      .define(PART_SIZE, Type.INT, 16 * 1024 * 1024, ConfigDef.Range.atLeast(5 * 1024 * 1024), Importance.LOW,
          "Multipart upload part size in bytes.")
      .define(MEMORY_CAP, Type.LONG, 64L * 1024 * 1024, ConfigDef.Range.atLeast(1024 * 1024), Importance.MEDIUM,
          "Bytes a task's buffers may hold; past it the largest are uploaded early.")
      .define(ACCESS_KEY, Type.PASSWORD, null, Importance.LOW, "Static access key id; empty = AWS default chain.")
      .define(SECRET_KEY, Type.PASSWORD, null, Importance.LOW, "Static secret key; empty = AWS default chain.");

  /**
   * @throws ConfigException naming the key and the value when one breaks its rule
   */
  public ArchiveSinkConfig(Map<?, ?> props) {
    super(CONFIG_DEF, props);
    try {
      Keys.checkRoot(getString(ROOT));
    } catch (RuntimeException e) {
      throw new ConfigException(ROOT, getString(ROOT), e.getMessage());
    }
  }

  RotationPolicy rotation() {
    return new RotationPolicy(getLong(FLUSH_SIZE), 0, millis(ROTATE_INTERVAL_MS), millis(ROTATE_SCHEDULE_INTERVAL_MS),
        millis(IDLE_INTERVAL_MS));
  }

  String secret(String key) {
    Password value = getPassword(key);
    return value == null ? null : value.value();
  }

  private Duration millis(String key) {
    long value = getLong(key);
    return value <= 0 ? Duration.ZERO : Duration.ofMillis(value);
  }
}
