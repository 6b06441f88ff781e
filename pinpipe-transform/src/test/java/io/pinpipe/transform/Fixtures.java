package io.pinpipe.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes archive-layout fixtures and reads tables back as plain lists, for the transform tests. */
final class Fixtures {
  private Fixtures() {}

  /** Lines of a test resource (one raw record per line). */
  static List<String> resourceLines(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("No test resource " + name);
      }
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes lines as one archive object {@code <root>/topics/<topic>/partition=<p>/<topic>+<p>+<offset>.json}. */
  static Path writeObject(Path root, String topic, int partition, long startOffset, List<String> lines) {
    Path dir = root.resolve("topics").resolve(topic).resolve("partition=" + partition);
    Path file = dir.resolve(String.format("%s+%d+%010d.json", topic, partition, startOffset));
    try {
      Files.createDirectories(dir);
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A table's rows as lists of Java values, sorted by their text. */
  static List<List<Object>> rows(Dataset<Row> table) {
    List<List<Object>> rows = new ArrayList<>();
    for (Row row : table.collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        Object value = row.get(i);
        if (value instanceof java.sql.Timestamp timestamp) {
          value = timestamp.toInstant();
        } else if (value instanceof scala.collection.Seq<?> seq) {
          value = new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(seq));
        }
        values.add(value);
      }
      rows.add(values);
    }
    rows.sort((a, b) -> a.toString().compareTo(b.toString()));
    return rows;
  }

  static Dataset<Row> parquet(SparkSession spark, Path dir) {
    return spark.read().parquet(dir.toString());
  }
}
