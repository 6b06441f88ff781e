package io.pinpipe.transform;

import io.pinpipe.model.RecordType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The raw record schemas of SPEC section 2 as explicit Spark schemas. pinpipe never infers a schema:
 * inference reads the data twice and changes with it.
 */
public final class RawSchemas {
  /** {@code <prefix>.pin} values. */
  public static final StructType PIN =
      new StructType(
          new StructField[] {
            field("index", DataTypes.IntegerType),
            field("unique_id", DataTypes.StringType),
            field("title", DataTypes.StringType),
            field("description", DataTypes.StringType),
            field("poster_name", DataTypes.StringType),
            field("follower_count", DataTypes.StringType),
            field("tag_list", DataTypes.StringType),
            field("is_image_or_video", DataTypes.StringType),
            field("image_src", DataTypes.StringType),
            field("downloaded", DataTypes.IntegerType),
            field("save_location", DataTypes.StringType),
            field("category", DataTypes.StringType)
          });

  /** {@code <prefix>.geo} values. */
  public static final StructType GEO =
      new StructType(
          new StructField[] {
            field("ind", DataTypes.IntegerType),
            field("timestamp", DataTypes.StringType),
            field("latitude", DataTypes.DoubleType),
            field("longitude", DataTypes.DoubleType),
            field("country", DataTypes.StringType)
          });

  /** {@code <prefix>.user} values. */
  public static final StructType USER =
      new StructType(
          new StructField[] {
            field("ind", DataTypes.IntegerType),
            field("first_name", DataTypes.StringType),
            field("last_name", DataTypes.StringType),
            field("age", DataTypes.IntegerType),
            field("date_joined", DataTypes.StringType)
          });

  private RawSchemas() {}

  /** The raw schema of one record type. */
  public static StructType of(RecordType type) {
    return switch (type) {
      case PIN -> PIN;
      case GEO -> GEO;
      case USER -> USER;
    };
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
