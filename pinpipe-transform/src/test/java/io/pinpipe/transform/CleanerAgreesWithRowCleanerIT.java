package io.pinpipe.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RawUser;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.clean.CleanGeo;
import io.pinpipe.model.clean.CleanPin;
import io.pinpipe.model.clean.CleanUser;
import io.pinpipe.model.clean.CleaningException;
import io.pinpipe.model.clean.QuarantineReason;
import io.pinpipe.model.clean.RowCleaner;
import io.pinpipe.model.json.DecodeException;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Spark cleaner and the plain-Java {@link RowCleaner} give every line the same fate (clean with
 * the same values, or the same quarantine code), over generated lines with thousands of mutations
 * of the fields the rules look at.
 */
class CleanerAgreesWithRowCleanerIT {
  private static final List<String> COUNTS =
      List.of("12", "1.5k", "1.25k", "7M", "0.000001M", "1.0000001k", "", "User Info Error", "12 ", " 12", "1,000",
          "1e3", "k", "1.k", ".5k", "5K", "99999999999999999999", "123456789012345678", "999999999999999999",
          "9223372036854775807", "999999999999999M", "0.5k", "1.5", "-3", "+3", "\u0663", "12\n", "3419k");
  private static final List<String> TIMESTAMPS =
      List.of("2020-01-01 00:00:00", "2020-1-01 00:00:00", "2020-01-01T00:00:00", "2020-01-01 24:00:00",
          "2020-02-29 12:00:00", "2019-02-29 12:00:00", "2020-01-01 00:00:00Z", "2020-01-01", "",
          "+2020-01-01 00:00:00", "20200-01-01 00:00:00", " 2020-01-01 00:00:00", "2020-01-01 00:00:60",
          "0001-01-01 00:00:00", "2020-12-31 23:59:59", "2020-06-15 12:30:45.5", "No Title Data Available");
  private static final List<String> NUMBERS =
      List.of("-90", "90.0", "90.0000001", "-180", "180.5", "1e308", "-0.0", "45", "-91", "181", "null", "\"12\"");
  private static final List<String> STRINGS = List.of("", "Untitled", "Ann", "User Info Error", "O'Neil", "\u00e9\uD83D\uDE00");
  /** JSON values of other types than a string, and null, put where a string belongs. */
  private static final List<String> NOT_STRINGS =
      List.of("true", "false", "{\"a\":1}", "{}", "[1,2]", "[]", "12", "-1.5", "1e3", "null", "[\"x\"]");
  /** JSON values put where an int belongs: wrong types, out of range, null. */
  private static final List<String> NOT_INTS =
      List.of("\"12\"", "1.5", "1.0", "1e3", "true", "{}", "[1]", "null", "2147483648", "99999999999999999999", "-0");

  private final JsonCodec codec = JsonCodec.standard();

  @ParameterizedTest
  @EnumSource(RecordType.class)
  void everyLineHasTheSameFateInSparkAndJava(RecordType type) {
    List<String> lines = mutatedLines(type, new Random(type.ordinal() * 31L + 5));
    SparkSession spark = LocalSpark.shared();
    List<Row> input = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      input.add(org.apache.spark.sql.RowFactory.create(lines.get(i), Integer.toString(i)));
    }
    StructType schema = new StructType().add(Cleaner.RAW, DataTypes.StringType).add(Cleaner.SOURCE, DataTypes.StringType);
    Dataset<Row> classified = Cleaner.of(type).classify(spark.createDataFrame(input, schema));
    int columns = CleanTable.of(type).schema().size();
    Map<Integer, List<Object>> spark2 = new HashMap<>();
    for (List<Object> row : Fixtures.rows(classified)) {
      String reason = (String) row.get(columns);
      List<Object> fate = reason == null ? new ArrayList<>(row.subList(0, columns)) : List.of(code(reason));
      spark2.put(Integer.parseInt((String) row.get(columns + 2)), fate);
    }
    List<String> disagreements = new ArrayList<>();
    int quarantined = 0;
    for (int i = 0; i < lines.size(); i++) {
      List<Object> java = javaFate(type, lines.get(i));
      if (java.size() == 1) {
        quarantined++;
      }
      if (!java.equals(spark2.get(i))) {
        disagreements.add(lines.get(i) + "\n  java:  " + java + "\n  spark: " + spark2.get(i));
      }
    }
    assertThat(disagreements).as("lines cleaned differently").isEmpty();
    for (QuarantineReason reason : List.of(QuarantineReason.WRONG_TYPE, QuarantineReason.NULL_VALUE, QuarantineReason.MALFORMED_JSON)) {
      assertThat(spark2.values()).as("some lines are quarantined as " + reason.code()).contains(List.of(reason.code()));
    }
    assertThat(quarantined).as("the mutations reach the quarantine").isGreaterThan(lines.size() / 10);
    assertThat(lines.size() - quarantined).as("and the clean table").isGreaterThan(lines.size() / 10);
  }

  private List<Object> javaFate(RecordType type, String line) {
    RawRecord raw;
    try {
      raw = codec.decode(type, "t", line == null ? null : line.getBytes(StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      return List.of(e.quarantineReason().code());
    }
    try {
      if (raw instanceof RawPin pin) {
        return values(RowCleaner.cleanPin(pin));
      }
      return raw instanceof RawGeo geo ? values(RowCleaner.cleanGeo(geo)) : values(RowCleaner.cleanUser((RawUser) raw));
    } catch (CleaningException e) {
      return List.of(e.reason().code());
    }
  }

  private static List<Object> values(CleanPin p) {
    return Arrays.asList(p.ind(), p.uniqueId(), p.title(), p.description(), p.followerCount(), p.posterName(), p.tagList(),
        p.isImageOrVideo(), p.imageSrc(), p.saveLocation(), p.category());
  }

  private static List<Object> values(CleanGeo g) {
    return Arrays.asList(g.ind(), g.country(), g.coordinates(), g.timestamp());
  }

  private static List<Object> values(CleanUser u) {
    return Arrays.asList(u.ind(), u.userName(), u.age(), u.dateJoined());
  }

  private static String code(String reason) {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  /** Generated lines, each with one or two of its rule fields replaced by a value from the lists. */
  private static List<String> mutatedLines(RecordType type, Random random) {
    List<String> base = RawLines.generate(11, 400, 1_000_000).lines.get(type);
    List<String> out = new ArrayList<>(base.subList(0, 100));
    for (String line : base) {
      for (int k = 0; k < 6; k++) {
        out.add(mutate(type, line, random));
      }
    }
    out.addAll(List.of("", "{}", "[]", "null", "{\"" + type.keyField() + "\": 1", "{\"" + type.keyField() + "\": 1.5}",
        "{\"" + type.keyField() + "\": 2147483648}", "{\"" + type.keyField() + "\": -7}", "\"text\"",
        "{\"" + type.keyField() + "\": 1, \"" + type.keyField() + "\": 2}", "{\"" + type.keyField() + "\": \"1\"}",
        "{\"" + type.keyField() + "\": true}", "{\"" + type.keyField() + "\": null}"));
    out.add(null);
    out.add(null);
    return out;
  }

  private static String mutate(RecordType type, String line, Random random) {
    if (random.nextInt(8) == 0) {
      String field = pick(stringFields(type), random);
      return replaceString(line, field, "x").replace("\"" + field + "\":\"x\"", "\"" + field + "\":" + pick(NOT_STRINGS, random));
    }
    if (random.nextInt(12) == 0) {
      List<String> ints = type == RecordType.PIN ? List.of("index", "downloaded") : type == RecordType.USER ? List.of("ind", "age") : List.of("ind");
      return replaceRaw(line, pick(ints, random), pick(NOT_INTS, random));
    }
    return switch (type) {
      case PIN -> random.nextBoolean()
          ? replaceString(line, "follower_count", pick(COUNTS, random))
          : replaceString(line, pick(List.of("title", "poster_name", "save_location", "category"), random), pick(STRINGS, random));
      case GEO -> switch (random.nextInt(3)) {
        case 0 -> replaceString(line, "timestamp", pick(TIMESTAMPS, random));
        case 1 -> replaceRaw(line, "latitude", pick(NUMBERS, random));
        default -> replaceRaw(line, "longitude", pick(NUMBERS, random));
      };
      case USER -> switch (random.nextInt(3)) {
        case 0 -> replaceString(line, "date_joined", pick(TIMESTAMPS, random));
        case 1 -> replaceRaw(line, "age", pick(List.of("-1", "0", "null", "61", "-2147483648"), random));
        default -> replaceString(line, pick(List.of("first_name", "last_name"), random), pick(STRINGS, random));
      };
    };
  }

  private static List<String> stringFields(RecordType type) {
    return switch (type) {
      case PIN -> List.of("unique_id", "title", "description", "poster_name", "follower_count", "tag_list",
          "is_image_or_video", "image_src", "save_location", "category");
      case GEO -> List.of("timestamp", "country");
      case USER -> List.of("first_name", "last_name", "date_joined");
    };
  }

  private static String replaceString(String line, String field, String value) {
    String json = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    return line.replaceFirst("\"" + field + "\":\"(?:[^\"\\\\]|\\\\.)*\"", Matcher.quoteReplacement("\"" + field + "\":" + json));
  }

  private static String replaceRaw(String line, String field, String value) {
    return line.replaceFirst("\"" + field + "\":[^,}]*", Matcher.quoteReplacement("\"" + field + "\":" + value));
  }

  private static <T> T pick(List<T> values, Random random) {
    return values.get(random.nextInt(values.size()));
  }
}
