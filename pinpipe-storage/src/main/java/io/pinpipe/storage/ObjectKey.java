package io.pinpipe.storage;

import io.pinpipe.model.Names;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key of one archive object (SPEC section 3):
 * {@code <root>/<area>/<topic>/partition=<p>/<topic>+<p>+<startOffset, 10 digits>.json[.gz]},
 * the layout of the Confluent S3 sink's defaults.
 *
 * @param root archive root, may be empty
 * @param area topics or errors
 * @param topic Kafka topic
 * @param partition partition number
 * @param startOffset offset of the object's first record
 * @param gzip whether the object is gzip-compressed ({@code .json.gz})
 */
public record ObjectKey(String root, ArchiveArea area, String topic, int partition, long startOffset, boolean gzip) {
  private static final Pattern LAYOUT = Pattern.compile(
      "^(?:(?<root>.+)/)?(?<area>topics|errors)/(?<topic>[a-zA-Z0-9._-]+)/partition=(?<p>[0-9]+)/"
          + "\\k<topic>\\+\\k<p>\\+(?<offset>[0-9]{10,19})\\.json(?<gz>\\.gz)?$");

  /** Validates every part. */
  public ObjectKey {
    root = Keys.checkRoot(root);
    Names.checkTopic(topic);
    if (partition < 0 || startOffset < 0) {
      throw new IllegalArgumentException("Cannot build key: partition " + partition + " and offset " + startOffset + " must be >= 0");
    }
  }

  /** The key text; ASCII digits whatever the JVM's default locale. */
  public String key() {
    return partitionPrefix(root, area, topic, partition) + topic + "+" + partition + "+"
        + String.format(Locale.ROOT, "%010d", startOffset) + (gzip ? ".json.gz" : ".json");
  }

  /** The prefix under which all objects of one partition and area live, ending in {@code /}. */
  public static String partitionPrefix(String root, ArchiveArea area, String topic, int partition) {
    return topicPrefix(root, area, topic) + "partition=" + partition + "/";
  }

  /** The prefix of all objects of a topic in an area, ending in {@code /}. */
  public static String topicPrefix(String root, ArchiveArea area, String topic) {
    String checked = Keys.checkRoot(root);
    return (checked.isEmpty() ? "" : checked + "/") + area.directory() + "/" + Names.checkTopic(topic) + "/";
  }

  /** Parses a key of the layout; empty for anything else. */
  public static Optional<ObjectKey> parse(String key) {
    Matcher m = LAYOUT.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ObjectKey(m.group("root") == null ? "" : m.group("root"),
          m.group("area").equals("topics") ? ArchiveArea.TOPICS : ArchiveArea.ERRORS, m.group("topic"),
          Integer.parseInt(m.group("p")), Long.parseLong(m.group("offset")), m.group("gz") != null));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
