package io.pinpipe.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.substring_index;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The three topics of a pipeline read with Spark's Kafka source (the original pipeline's streaming
 * stage, on Kafka instead of Kinesis). {@value Cleaner#SOURCE} is {@code topic/partition/offset}.
 * Client settings (for example MSK IAM) go in {@code clientProperties}, without the {@code kafka.}
 * prefix Spark wants; they are never printed.
 */
public final class KafkaSource implements LineSource {
  private final String bootstrapServers;
  private final Topics topics;
  private final Map<String, String> clientProperties;
  private final long maxOffsetsPerTrigger;

  private KafkaSource(String bootstrapServers, Topics topics, Map<String, String> clientProperties, long maxOffsetsPerTrigger) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.clientProperties = Map.copyOf(clientProperties);
    this.maxOffsetsPerTrigger = maxOffsetsPerTrigger;
  }

  /**
   * A source from the earliest offsets, up to 1,000,000 records per micro-batch.
   *
   * @param clientProperties Kafka client settings such as {@code security.protocol}
   */
  public static KafkaSource of(String bootstrapServers, Topics topics, Map<String, String> clientProperties) {
    return new KafkaSource(bootstrapServers, topics, clientProperties, 1_000_000);
  }

  /** The same source with another micro-batch size cap. */
  public KafkaSource withMaxOffsetsPerTrigger(long max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxOffsetsPerTrigger must be at least 1, got " + max);
    }
    return new KafkaSource(bootstrapServers, topics, clientProperties, max);
  }

  @Override
  public Dataset<Row> batch(SparkSession spark, RecordType type) {
    return lines(
        spark.read().format("kafka").options(options(topics.topic(type))).option("endingOffsets", "latest").load())
        .drop("topic");
  }

  @Override
  public Dataset<Row> stream(SparkSession spark) {
    return lines(
            spark.readStream()
                .format("kafka")
                .options(options(String.join(",", topics.all())))
                .option("maxOffsetsPerTrigger", maxOffsetsPerTrigger)
                .load())
        .withColumn(TYPE, substring_index(col("topic"), ".", -1))
        .drop("topic");
  }

  /** Not repeatable: "latest" moves while producers write. */
  @Override
  public boolean repeatable() {
    return false;
  }

  @Override
  public String describe() {
    return "kafka " + bootstrapServers + " " + topics.all();
  }

  @Override
  public String toString() {
    return "KafkaSource[" + describe() + "]";
  }

  private Map<String, String> options(String subscribe) {
    Map<String, String> options = new LinkedHashMap<>();
    clientProperties.forEach((key, value) -> options.put("kafka." + key, value));
    options.put("kafka.bootstrap.servers", bootstrapServers);
    options.put("subscribe", subscribe);
    options.put("startingOffsets", "earliest");
    options.put("failOnDataLoss", "true");
    return options;
  }

  private static Dataset<Row> lines(Dataset<Row> records) {
    return records.select(
        col("value").cast(DataTypes.StringType).as(Cleaner.RAW),
        concat_ws("/", col("topic"), col("partition").cast("string"), col("offset").cast("string")).as(Cleaner.SOURCE),
        col("topic"));
  }
}
