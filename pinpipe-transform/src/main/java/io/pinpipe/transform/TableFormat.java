package io.pinpipe.transform;

/** How the clean and quarantine tables are stored. */
public enum TableFormat {
  /**
   * Plain Parquet directories (the default). Each batch becomes visible by renaming its files into
   * the table directory: atomic per file on local disks, HDFS and DBFS; on S3 prefer {@link #DELTA}.
   */
  PARQUET,
  /** Delta Lake tables (needs delta-spark on the classpath): every batch is one atomic commit. */
  DELTA;

  /** Parses {@code parquet} or {@code delta}, naming the bad value otherwise. */
  public static TableFormat parse(String value) {
    for (TableFormat format : values()) {
      if (format.name().equalsIgnoreCase(value)) {
        return format;
      }
    }
    throw new IllegalArgumentException("Unknown table format '" + value + "': expected parquet or delta");
  }
}
