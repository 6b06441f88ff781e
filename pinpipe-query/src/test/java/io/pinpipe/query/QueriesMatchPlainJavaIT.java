package io.pinpipe.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.Post;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.LocalSpark;
import io.pinpipe.transform.ArchiveSource;
import io.pinpipe.transform.CleanJob;
import io.pinpipe.transform.TableFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On 50,000 generated posts cleaned by the batch job, each query's Spark answer equals a plain-Java
 * computation of the same question over the same clean rows.
 */
class QueriesMatchPlainJavaIT {
  @TempDir static Path dir;
  private static SparkSession spark;
  private static Map<Integer, Pin> pins = new HashMap<>();
  private static Map<Integer, Geo> geos = new HashMap<>();
  private static Map<Integer, User> users = new HashMap<>();

  record Pin(String category, String poster, Long followers) {}

  record Geo(String country, Instant timestamp) {}

  record User(String name, Integer age, Instant joined) {}

  @BeforeAll
  static void cleanFiftyThousandPosts() throws IOException {
    spark = LocalSpark.shared();
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    Path archive = dir.resolve("archive");
    JsonCodec codec = JsonCodec.standard();
    Map<RecordType, OutputStream> out = new EnumMap<>(RecordType.class);
    for (RecordType type : RecordType.values()) {
      Path partition = archive.resolve("topics/q." + type.suffix() + "/partition=0");
      Files.createDirectories(partition);
      out.put(type, Files.newOutputStream(partition.resolve("q." + type.suffix() + "+0+0000000000.json")));
    }
    for (Post post : (Iterable<Post>) () -> PostGenerator.withSeed(50).iterator(50_000)) {
      for (RecordType type : RecordType.values()) {
        out.get(type).write(codec.encode(post.record(type)));
        out.get(type).write('\n');
      }
    }
    for (OutputStream stream : out.values()) {
      stream.close();
    }
    Path tables = dir.resolve("tables");
    CleanJob.builder(tables.toString()).build().runBatch(spark, ArchiveSource.at(archive.toString()));
    CleanTables.registerPaths(spark, tables.toString(), TableFormat.PARQUET);
    for (Row r : spark.table("pin_clean").select("ind", "category", "poster_name", "follower_count").collectAsList()) {
      pins.put(r.getInt(0), new Pin(r.getString(1), r.getString(2), r.isNullAt(3) ? null : r.getLong(3)));
    }
    for (Row r : spark.table("geo_clean").select("ind", "country", "timestamp").collectAsList()) {
      geos.put(r.getInt(0), new Geo(r.getString(1), (Instant) r.get(2)));
    }
    for (Row r : spark.table("user_clean").select("ind", "user_name", "age", "date_joined").collectAsList()) {
      users.put(r.getInt(0), new User(r.getString(1), r.isNullAt(2) ? null : r.getInt(2), (Instant) r.get(3)));
    }
  }

  @Test
  void categoryQueriesMatch() {
    Map<String, Map<String, Long>> byCountry = new TreeMap<>();
    Map<String, Map<String, Long>> byYear = new TreeMap<>();
    pins.forEach((ind, pin) -> {
      Geo geo = geos.get(ind);
      if (geo == null || pin.category() == null) {
        return;
      }
      if (geo.country() != null) {
        byCountry.computeIfAbsent(geo.country(), k -> new TreeMap<>()).merge(pin.category(), 1L, Long::sum);
      }
      if (geo.timestamp() != null) {
        int year = year(geo.timestamp());
        if (year >= 2018 && year <= 2022) {
          byYear.computeIfAbsent(Integer.toString(year), k -> new TreeMap<>()).merge(pin.category(), 1L, Long::sum);
        }
      }
    });
    assertThat(rows(CannedQuery.Q1)).isEqualTo(top(byCountry)).isNotEmpty();
    assertThat(rows(CannedQuery.Q2)).isEqualTo(top(byYear)).isNotEmpty();

    Map<String, Map<String, Long>> byAge = new TreeMap<>();
    pins.forEach((ind, pin) -> {
      User user = users.get(ind);
      String group = user == null ? null : ageGroup(user.age());
      if (group != null && pin.category() != null) {
        byAge.computeIfAbsent(group, k -> new TreeMap<>()).merge(pin.category(), 1L, Long::sum);
      }
    });
    assertThat(rows(CannedQuery.Q4)).isEqualTo(top(byAge)).hasSize(4);
  }

  @Test
  void topUserQueriesMatch() {
    Map<String, List<Object>> best = new TreeMap<>();
    pins.forEach((ind, pin) -> {
      Geo geo = geos.get(ind);
      if (geo == null || geo.country() == null || pin.poster() == null || pin.followers() == null) {
        return;
      }
      List<Object> candidate = List.of(geo.country(), pin.poster(), pin.followers());
      best.merge(geo.country(), candidate, (a, b) -> better(a, b) ? a : b);
    });
    assertThat(rows(CannedQuery.Q3)).isEqualTo(new ArrayList<>(best.values())).isNotEmpty();
    List<Object> top = best.values().stream().reduce((a, b) -> (long) b.get(2) > (long) a.get(2) ? b : a).orElseThrow();
    assertThat(rows(CannedQuery.Q3B)).containsExactly(List.of(top.get(0), top.get(2)));
  }

  @Test
  void medianAndJoinQueriesMatch() {
    Map<String, List<Long>> byAge = new TreeMap<>();
    Map<Integer, List<Long>> byYear = new TreeMap<>();
    Map<String, List<Long>> byBoth = new TreeMap<>();
    pins.forEach((ind, pin) -> {
      User user = users.get(ind);
      if (user == null || pin.followers() == null) {
        return;
      }
      String group = ageGroup(user.age());
      Integer year = user.joined() == null ? null : year(user.joined());
      boolean inYears = year != null && year >= 2015 && year <= 2020;
      if (group != null) {
        byAge.computeIfAbsent(group, k -> new ArrayList<>()).add(pin.followers());
      }
      if (inYears) {
        byYear.computeIfAbsent(year, k -> new ArrayList<>()).add(pin.followers());
      }
      if (group != null && inYears) {
        byBoth.computeIfAbsent(group + "|" + year, k -> new ArrayList<>()).add(pin.followers());
      }
    });
    assertThat(rows(CannedQuery.Q5)).isEqualTo(medians(byAge, key -> List.of(key))).hasSize(4);
    assertThat(rows(CannedQuery.Q7)).isEqualTo(medians(byYear, key -> List.of(key))).isNotEmpty();
    assertThat(rows(CannedQuery.Q8))
        .isEqualTo(medians(byBoth, key -> List.of(key.split("\\|")[0], Integer.parseInt(key.split("\\|")[1]))))
        .isNotEmpty();

    Set<List<Object>> distinctUsers = new HashSet<>();
    for (User user : users.values()) {
      if (user.name() != null && user.joined() != null) {
        distinctUsers.add(List.of(user.name(), user.joined()));
      }
    }
    Map<Integer, Long> joined = new TreeMap<>();
    for (List<Object> user : distinctUsers) {
      int year = year((Instant) user.get(1));
      if (year >= 2015 && year <= 2020) {
        joined.merge(year, 1L, Long::sum);
      }
    }
    List<List<Object>> expected = new ArrayList<>();
    joined.forEach((year, count) -> expected.add(List.of(year, count)));
    assertThat(rows(CannedQuery.Q6)).isEqualTo(expected).isNotEmpty();
  }

  /** Per group, the category with the highest count, the alphabetically first on a tie (maps are sorted). */
  private static List<List<Object>> top(Map<String, Map<String, Long>> counts) {
    List<List<Object>> out = new ArrayList<>();
    counts.forEach((group, categories) -> {
      Map.Entry<String, Long> best = null;
      for (Map.Entry<String, Long> e : categories.entrySet()) {
        if (best == null || e.getValue() > best.getValue()) {
          best = e;
        }
      }
      Object key = group.matches("\\d{4}") ? (Object) Integer.parseInt(group) : group;
      out.add(List.of(key, best.getKey(), best.getValue()));
    });
    return out;
  }

  /** Lower median: the value at position ceil(n/2) of the sorted values. */
  private static <K> List<List<Object>> medians(Map<K, List<Long>> values, Function<K, List<Object>> key) {
    List<List<Object>> out = new ArrayList<>();
    values.forEach((k, list) -> {
      List<Long> sorted = new ArrayList<>(list);
      sorted.sort(Comparator.naturalOrder());
      List<Object> row = new ArrayList<>(key.apply(k));
      row.add(sorted.get((sorted.size() + 1) / 2 - 1));
      out.add(row);
    });
    return out;
  }

  private static boolean better(List<Object> a, List<Object> b) {
    long fa = (long) a.get(2);
    long fb = (long) b.get(2);
    return fa != fb ? fa > fb : ((String) a.get(1)).compareTo((String) b.get(1)) <= 0;
  }

  private static String ageGroup(Integer age) {
    if (age == null || age < 18) {
      return null;
    }
    return age <= 24 ? "18-24" : age <= 35 ? "25-35" : age <= 50 ? "36-50" : "50+";
  }

  private static int year(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC).getYear();
  }

  private static List<List<Object>> rows(CannedQuery query) {
    List<List<Object>> out = new ArrayList<>();
    for (Row row : new Queries(spark).run(query).collectAsList()) {
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        values.add(Objects.requireNonNull(row.get(i)));
      }
      out.add(values);
    }
    return out;
  }
}
