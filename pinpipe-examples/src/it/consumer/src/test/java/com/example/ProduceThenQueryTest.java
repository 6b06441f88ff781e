package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pinpipe.ingest.PostProducer;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.model.Topics;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.query.CleanTables;
import io.pinpipe.query.Queries;
import io.pinpipe.query.results.CategoryCount;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.LocalSpark;
import io.pinpipe.transform.CleanJob;
import io.pinpipe.transform.CleanReport;
import io.pinpipe.transform.CleanTable;
import io.pinpipe.transform.KafkaSource;
import io.pinpipe.transform.TableFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user writes: produce posts to Kafka, clean the topics with Spark, ask a canned question. */
class ProduceThenQueryTest {
  @Test
  void producedPostsAnswerTheCannedQueries(@TempDir Path dir) throws Exception {
    Topics topics = Topics.forPrefix("consumer");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(1).start()) {
      for (String topic : topics.all()) {
        kafka.createTopic(topic, 1);
      }
      try (PostProducer producer = PostProducer.builder(topics, ClientProperties.plaintext(kafka.bootstrapServers())).build()) {
        PostGenerator.withSeed(3).posts(500).forEach(producer::send);
        producer.flush();
      }
      SparkSession spark = LocalSpark.shared();
      String tables = dir.resolve("tables").toString();
      CleanReport report =
          CleanJob.builder(tables).build().runBatch(spark, KafkaSource.of(kafka.bootstrapServers(), topics, Map.of()));
      assertTrue(report.balanced(), report.toText());
      assertEquals(500, report.table(CleanTable.PIN).raw());

      CleanTables.registerPaths(spark, tables, TableFormat.PARQUET);
      List<CategoryCount> top = new Queries(spark).mostPopularCategoryByCountry();
      assertFalse(top.isEmpty());
      assertTrue(top.stream().allMatch(row -> row.categoryCount() >= 1));
    }
  }
}
