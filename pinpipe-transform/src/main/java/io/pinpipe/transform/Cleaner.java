package io.pinpipe.transform;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.try_multiply;
import static org.apache.spark.sql.functions.try_add;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.rpad;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.pinpipe.model.RecordType;
import io.pinpipe.model.clean.CleaningRules;
import io.pinpipe.model.clean.QuarantineReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * SPEC section 4 as pure Spark functions over raw lines: a dataset with a string column {@value
 * #RAW} (the record value) and a string column {@value #SOURCE} (file, or topic/partition/offset).
 * Built only from Spark's native column expressions and the rule constants of {@link CleaningRules},
 * so it agrees with the plain-Java {@code RowCleaner} row for row. Deduplication is a table-level
 * step of {@link CleanJob}, not done here.
 */
public final class Cleaner {
  /** Input column: the raw JSON value. */
  public static final String RAW = "raw";
  /** Input column: where the value came from. */
  public static final String SOURCE = "source";
  /** Output column of {@link #classify}: null for a clean row, else the quarantine reason. */
  public static final String REASON = "reason";

  private static final String PARSED = "_pinpipe_parsed";
  private static final String CORRUPT = "_pinpipe_corrupt";
  private static final String FOLLOWERS = "_pinpipe_followers";
  private static final String TIMESTAMP = "_pinpipe_timestamp";
  private static final Map<String, String> JSON_OPTIONS =
      Map.of(
          "mode", "PERMISSIVE",
          "columnNameOfCorruptRecord", CORRUPT,
          "allowNonNumericNumbers", "false",
          "allowSingleQuotes", "false",
          "allowUnquotedFieldNames", "false",
          "allowNumericLeadingZeros", "false",
          "allowBackslashEscapingAnyCharacter", "false",
          "allowUnquotedControlChars", "false");
  private static final String UTC_SUFFIX = "+0000";

  private final CleanTable table;

  private Cleaner(CleanTable table) {
    this.table = table;
  }

  /** The cleaner for one record type. */
  public static Cleaner of(RecordType type) {
    return new Cleaner(CleanTable.of(type));
  }

  /** The table this cleaner produces rows for. */
  public CleanTable table() {
    return table;
  }

  /**
   * Every input row, cleaned: the table's columns in order, then {@value #REASON} (null when the row
   * is clean; else a quarantine code of {@link QuarantineReason} followed by the field and value),
   * {@value #RAW} and {@value #SOURCE}, then any other input columns as they are. Clean columns are
   * null on quarantined rows.
   */
  public Dataset<Row> classify(Dataset<Row> lines) {
    StructType schema = RawSchemas.of(table.recordType()).add(CORRUPT, DataTypes.StringType);
    Dataset<Row> parsed =
        lines.select(col("*"), from_json(col(RAW), schema, JSON_OPTIONS).as(PARSED));
    Rules rules =
        switch (table) {
          case PIN -> pinRules();
          case GEO -> geoRules();
          case USER -> userRules();
        };
    Column reason =
        when(col(PARSED).isNull().or(field(CORRUPT).isNotNull()), lit(QuarantineReason.MALFORMED_JSON.code()))
            .when(
                field(table.recordType().keyField()).isNull(),
                lit(QuarantineReason.MISSING_INDEX.code() + ": no " + table.recordType().keyField()));
    for (Violation violation : rules.violations()) {
      reason = reason.when(violation.broken(), violation.message());
    }
    Column clean = col(REASON).isNull();
    Dataset<Row> derived = parsed;
    for (Map.Entry<String, Column> column : rules.derived().entrySet()) {
      derived = derived.withColumn(column.getKey(), column.getValue());
    }
    List<Column> out = new ArrayList<>();
    for (int i = 0; i < rules.columns().size(); i++) {
      StructField target = table.schema().fields()[i];
      out.add(when(clean, rules.columns().get(i)).cast(target.dataType()).as(target.name()));
    }
    out.add(col(REASON));
    out.add(col(RAW));
    out.add(col(SOURCE));
    for (String extra : lines.columns()) {
      if (!extra.equals(RAW) && !extra.equals(SOURCE)) {
        out.add(col(extra));
      }
    }
    return derived.withColumn(REASON, reason).select(out.toArray(Column[]::new));
  }

  /** The clean rows (not deduplicated), in the table's columns. */
  public Dataset<Row> clean(Dataset<Row> lines) {
    return classify(lines).where(col(REASON).isNull()).select(table.columns());
  }

  /** The quarantined rows: {@code raw}, {@code reason}, {@code source}. */
  public Dataset<Row> quarantine(Dataset<Row> lines) {
    return classify(lines).where(col(REASON).isNotNull()).select(col(RAW), col(REASON), col(SOURCE));
  }

  private static Rules pinRules() {
    Column count = field("follower_count");
    Column present = count.isNotNull().and(not(isPlaceholder(count)));
    Column followers = col(FOLLOWERS);
    Column valid = count.rlike(CleaningRules.FOLLOWER_COUNT_REGEX).and(followers.isNotNull());
    Column save = nullIfPlaceholder(field("save_location"));
    String prefix = CleaningRules.SAVE_LOCATION_PREFIX;
    return new Rules(
        Map.of(FOLLOWERS, followerCount(count)),
        List.of(
            field("index"),
            nullIfPlaceholder(field("unique_id")),
            nullIfPlaceholder(field("title")),
            nullIfPlaceholder(field("description")),
            when(present, followers),
            nullIfPlaceholder(field("poster_name")),
            nullIfPlaceholder(field("tag_list")),
            nullIfPlaceholder(field("is_image_or_video")),
            nullIfPlaceholder(field("image_src")),
            when(save.startsWith(prefix), substring(save, prefix.length() + 1, Integer.MAX_VALUE)).otherwise(save),
            nullIfPlaceholder(field("category"))),
        List.of(
            new Violation(
                present.and(not(valid)),
                message(QuarantineReason.BAD_FOLLOWER_COUNT, "follower_count", count))));
  }

  private static Rules geoRules() {
    Column latitude = field("latitude");
    Column longitude = field("longitude");
    Column timestamp = field("timestamp");
    Column parsed = col(TIMESTAMP);
    return new Rules(
        Map.of(TIMESTAMP, timestamp(timestamp)),
        List.of(
            field("ind"),
            nullIfPlaceholder(field("country")),
            when(latitude.isNotNull().and(longitude.isNotNull()), array(latitude, longitude)),
            parsed),
        List.of(
            new Violation(
                latitude.isNotNull().and(not(latitude.between(-90, 90))),
                message(QuarantineReason.LATITUDE_OUT_OF_RANGE, "latitude", latitude)),
            new Violation(
                longitude.isNotNull().and(not(longitude.between(-180, 180))),
                message(QuarantineReason.LONGITUDE_OUT_OF_RANGE, "longitude", longitude)),
            badTimestamp("timestamp", timestamp, parsed)));
  }

  private static Rules userRules() {
    Column first = nullIfPlaceholder(field("first_name"));
    Column last = nullIfPlaceholder(field("last_name"));
    Column age = field("age");
    Column joined = field("date_joined");
    Column parsed = col(TIMESTAMP);
    return new Rules(
        Map.of(TIMESTAMP, timestamp(joined)),
        List.of(
            field("ind"),
            when(first.isNotNull().and(last.isNotNull()), concat(first, lit(" "), last)),
            age,
            parsed),
        List.of(
            new Violation(age.lt(0), message(QuarantineReason.NEGATIVE_AGE, "age", age)),
            badTimestamp("date_joined", joined, parsed)));
  }

  /**
   * The value of a follower count that matches {@link CleaningRules#FOLLOWER_COUNT_REGEX}, in whole
   * numbers only (no decimals, no regex groups: this runs on every pin): digits as they are, or
   * {@code <int>[.<frac>]k|M} as {@code int * unit + frac * unit / 10^6} with {@code frac} padded to
   * six digits. Null when the result is not whole or does not fit a long.
   */
  private static Column followerCount(Column count) {
    Column last = substring(count, -1, 1);
    Column scaled = last.isin("k", "M");
    Column unit = when(last.equalTo("k"), lit(1_000L)).otherwise(lit(1_000_000L));
    Column number = when(scaled, count.substr(lit(1), length(count).minus(1))).otherwise(count);
    Column integer = substring_index(number, ".", 1).try_cast(DataTypes.LongType);
    Column fraction = rpad(when(number.contains("."), substring_index(number, ".", -1)).otherwise(lit("")), 6, "0")
        .try_cast(DataTypes.LongType);
    Column step = lit(1_000_000L).divide(unit).cast(DataTypes.LongType);
    Column whole = fraction.mod(step).equalTo(0);
    Column value = try_add(try_multiply(integer, unit), fraction.divide(step).cast(DataTypes.LongType));
    return when(not(scaled), count.try_cast(DataTypes.LongType)).when(whole, value);
  }

  /** UTC whatever the session time zone: the offset is appended and parsed with the text. */
  private static Column timestamp(Column raw) {
    Column withOffset = concat(raw, lit(UTC_SUFFIX));
    Column parsed =
        coalesce(
            try_to_timestamp(withOffset, lit(CleaningRules.TIMESTAMP_PATTERN + "Z")),
            try_to_timestamp(withOffset, lit(CleaningRules.ISO_TIMESTAMP_PATTERN + "Z")));
    return when(raw.isNotNull().and(not(isPlaceholder(raw))), parsed);
  }

  private static Violation badTimestamp(String name, Column raw, Column parsed) {
    return new Violation(
        raw.isNotNull().and(not(isPlaceholder(raw))).and(parsed.isNull()),
        message(QuarantineReason.BAD_TIMESTAMP, name, raw));
  }

  private static Column message(QuarantineReason reason, String name, Column value) {
    return concat(lit(reason.code() + ": " + name + " '"), substring(value.cast(DataTypes.StringType), 1, 100), lit("'"));
  }

  private static Column field(String name) {
    return col(PARSED).getField(name);
  }

  private static Column isPlaceholder(Column value) {
    return value.isin(CleaningRules.PLACEHOLDERS.toArray());
  }

  private static Column nullIfPlaceholder(Column value) {
    return when(not(isPlaceholder(value)), value);
  }

  private static Column not(Column condition) {
    return org.apache.spark.sql.functions.not(condition);
  }

  /**
   * The table's column expressions in order and the rules a row can break, checked in order. {@code
   * derived} columns are computed first, once per row, for values both a rule and a column need
   * (Spark does not inline an expensive expression used twice).
   */
  private record Rules(Map<String, Column> derived, List<Column> columns, List<Violation> violations) {}

  private record Violation(Column broken, Column message) {}
}
