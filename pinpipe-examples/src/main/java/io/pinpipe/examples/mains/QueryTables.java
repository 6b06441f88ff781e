package io.pinpipe.examples.mains;

import io.pinpipe.query.CannedQuery;
import io.pinpipe.query.CleanTables;
import io.pinpipe.query.Queries;
import io.pinpipe.query.QueryResult;
import io.pinpipe.query.ResultFormat;
import io.pinpipe.transform.TableFormat;
import org.apache.spark.sql.SparkSession;

/** Prints every canned query's answer over clean tables. Args: {@code TABLES_DIR}. */
public final class QueryTables {
  private QueryTables() {}

  /** Entry point. */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: QueryTables TABLES_DIR");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("pinpipe-query").master(System.getProperty("spark.master", "local[*]")).getOrCreate();
    try {
      CleanTables.registerPaths(spark, args[0], TableFormat.PARQUET);
      Queries queries = new Queries(spark);
      for (CannedQuery query : CannedQuery.values()) {
        System.out.println(query.id() + ": " + query.question());
        System.out.println(QueryResult.collect(query, queries.run(query)).render(ResultFormat.TABLE));
      }
    } finally {
      spark.stop();
    }
  }
}
