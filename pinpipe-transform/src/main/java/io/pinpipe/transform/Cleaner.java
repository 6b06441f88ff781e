package io.pinpipe.transform;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.call_function;
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
import org.apache.spark.sql.types.DataType;
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
  private static final String PROBE = "_pinpipe_probe";
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
    StructType raw = RawSchemas.of(table.recordType());
    StructType schema = raw.add(CORRUPT, DataTypes.StringType);
    Dataset<Row> typed = lines.select(col("*"), from_json(col(RAW), schema, JSON_OPTIONS).as(PARSED));
    Dataset<Row> parsed =
        typed.withColumn(
            PROBE,
            when(
                TypeProbe.needed(raw, col(PARSED)),
                from_json(col(RAW), TypeProbe.schema(raw).add(CORRUPT, DataTypes.StringType), JSON_OPTIONS)));
    Rules rules =
        switch (table) {
          case PIN -> pinRules();
          case GEO -> geoRules();
          case USER -> userRules();
        };
    // The typed parse alone cannot tell a wrong JSON type from bad syntax (Spark takes true, {..} and
    // [..] as a string's text, and fails the whole row for a string where an int belongs), so the lines
    // where it could be either are parsed a second time with every field as a variant, whose type
    // decides: the codes of the Java codec, in its order.
    Column probe = col(PROBE);
    Column probed = TypeProbe.needed(raw, col(PARSED));
    Column reason =
        when(col(RAW).isNull(), lit(QuarantineReason.NULL_VALUE.code()))
            .when(probed.and(probe.isNull().or(probe.getField(CORRUPT).isNotNull())), lit(QuarantineReason.MALFORMED_JSON.code()));
    for (StructField rawField : raw.fields()) {
      Column value = probe.getField(rawField.name());
      Column type = call_function("schema_of_variant", value);
      reason =
          reason.when(
              probed.and(value.isNotNull()).and(not(TypeProbe.fits(rawField.dataType(), type))),
              concat(lit(QuarantineReason.WRONG_TYPE.code() + ": " + rawField.name() + " is "), type));
    }
    reason =
        reason
            .when(col(PARSED).isNull().or(field(CORRUPT).isNotNull()), lit(QuarantineReason.MALFORMED_JSON.code()))
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

  /** The raw fields as variants, and which variant types a field of each raw type accepts. */
  private static final class TypeProbe {
    private static final List<String> WHOLE = List.of("VOID", "TINYINT", "SMALLINT", "INT", "BIGINT");
    /** The text Spark's string columns give a non-string JSON value: a literal, a number, an object, an array. */
    private static final String NOT_A_STRING = "^(true|false|-?[0-9][0-9.eE+-]*|\\{.*\\}|\\[.*\\])$";

    /**
     * Whether a line needs the variant parse: the typed parse failed (a wrong type where a number
     * belongs, or bad syntax), or a string field holds text that a non-string value would give.
     * Other lines (nearly all of them) are parsed once.
     */
    static Column needed(StructType raw, Column parsed) {
      Column needed = parsed.isNull().or(parsed.getField(CORRUPT).isNotNull());
      for (StructField field : raw.fields()) {
        if (field.dataType().equals(DataTypes.StringType)) {
          needed = needed.or(coalesce(parsed.getField(field.name()).rlike(NOT_A_STRING), lit(false)));
        }
      }
      return needed;
    }

    static StructType schema(StructType raw) {
      StructType probe = new StructType();
      for (StructField field : raw.fields()) {
        probe = probe.add(field.name(), DataTypes.VariantType, true);
      }
      return probe;
    }

    /**
     * Whether a value of variant type {@code type} (as {@code schema_of_variant} names it) fits
     * {@code target}. A variant keeps {@code 1.0} as {@code DECIMAL(1,0)}, so a decimal fits an int
     * only with 19 or more digits: an integer beyond a long, which then fails the typed parse as
     * {@code malformed_json}, as the Java codec calls it out of range. (Left different: a fraction of
     * zeros after 19+ digits, and integers of more than 38 digits, which a variant keeps as doubles.)
     */
    static Column fits(DataType target, Column type) {
      Column whole = type.isin(WHOLE.toArray()).or(type.rlike("^DECIMAL\\((19|[2-9][0-9]),0\\)$"));
      if (target.equals(DataTypes.StringType)) {
        return type.isin("STRING", "VOID");
      }
      if (target.equals(DataTypes.IntegerType)) {
        return whole;
      }
      return whole.or(type.isin("DOUBLE", "FLOAT")).or(type.startsWith("DECIMAL"));
    }
  }
}
