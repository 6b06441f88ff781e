package io.pinpipe.transform;

import io.pinpipe.model.RecordType;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The three clean tables of SPEC section 4, with their column order and types, and the name of
 * each one's quarantine table.
 */
public enum CleanTable {
  /** {@code pin_clean}. */
  PIN(
      RecordType.PIN,
      "pin_clean",
      schema(
          field("ind", DataTypes.IntegerType),
          field("unique_id", DataTypes.StringType),
          field("title", DataTypes.StringType),
          field("description", DataTypes.StringType),
          field("follower_count", DataTypes.LongType),
          field("poster_name", DataTypes.StringType),
          field("tag_list", DataTypes.StringType),
          field("is_image_or_video", DataTypes.StringType),
          field("image_src", DataTypes.StringType),
          field("save_location", DataTypes.StringType),
          field("category", DataTypes.StringType))),
  /** {@code geo_clean}. */
  GEO(
      RecordType.GEO,
      "geo_clean",
      schema(
          field("ind", DataTypes.IntegerType),
          field("country", DataTypes.StringType),
          field("coordinates", DataTypes.createArrayType(DataTypes.DoubleType, true)),
          field("timestamp", DataTypes.TimestampType))),
  /** {@code user_clean}. */
  USER(
      RecordType.USER,
      "user_clean",
      schema(
          field("ind", DataTypes.IntegerType),
          field("user_name", DataTypes.StringType),
          field("age", DataTypes.IntegerType),
          field("date_joined", DataTypes.TimestampType)));

  /** Columns of every quarantine table: the raw value, why it was kept aside, where it came from. */
  public static final StructType QUARANTINE_SCHEMA =
      schema(
          field("raw", DataTypes.StringType),
          field("reason", DataTypes.StringType),
          field("source", DataTypes.StringType));

  private final RecordType recordType;
  private final String tableName;
  private final StructType schema;

  CleanTable(RecordType recordType, String tableName, StructType schema) {
    this.recordType = recordType;
    this.tableName = tableName;
    this.schema = schema;
  }

  /** The table cleaned from one record type. */
  public static CleanTable of(RecordType type) {
    return switch (type) {
      case PIN -> PIN;
      case GEO -> GEO;
      case USER -> USER;
    };
  }

  /** The raw record type this table is cleaned from. */
  public RecordType recordType() {
    return recordType;
  }

  /** For example {@code pin_clean}. */
  public String tableName() {
    return tableName;
  }

  /** For example {@code pin_clean_quarantine}. */
  public String quarantineName() {
    return tableName + "_quarantine";
  }

  /** Columns in SPEC order with their types. */
  public StructType schema() {
    return schema;
  }

  /** The columns in SPEC order, for {@code select}. */
  public Column[] columns() {
    return Arrays.stream(schema.fieldNames()).map(functions::col).toArray(Column[]::new);
  }

  private static StructType schema(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
