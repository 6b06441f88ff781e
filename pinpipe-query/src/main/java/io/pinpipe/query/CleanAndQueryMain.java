package io.pinpipe.query;

import io.pinpipe.model.PinpipeException;
import io.pinpipe.transform.CleanMain;
import io.pinpipe.transform.CleanReport;
import io.pinpipe.transform.TableFormat;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The daily job of the original pipeline as one Spark application (Databricks JAR task, Airflow's
 * {@code DatabricksSubmitRunOperator}, or {@code spark-submit}): clean the archive into the tables,
 * then run every canned query and save each answer as a small Parquet table under {@code
 * <output>/answers/<id>} (for example {@code answers/q3b}). Takes {@link CleanMain}'s arguments.
 * Fails when a table does not balance.
 */
public final class CleanAndQueryMain {
  private CleanAndQueryMain() {}

  /** Runs clean, then the queries, on the cluster's session. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("pinpipe-clean-and-query").getOrCreate();
    Map<String, String> arguments = CleanMain.arguments(spark, args);
    CleanReport report = CleanMain.run(spark, arguments);
    System.out.println(report.toText());
    if (!report.balanced()) {
      throw new PinpipeException("Cleaning lost track of rows:\n" + report.toText());
    }
    String output = arguments.get("output");
    String base = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
    CleanTables.registerPaths(spark, base, TableFormat.parse(arguments.getOrDefault("format", "parquet")));
    Queries queries = new Queries(spark);
    for (CannedQuery query : CannedQuery.values()) {
      QueryResult answer = QueryResult.collect(query, queries.run(query));
      System.out.println(query.id() + ": " + query.question());
      System.out.print(answer.render(ResultFormat.TABLE));
      queries.run(query).coalesce(1).write().mode(SaveMode.Overwrite).parquet(base + "/answers/" + query.id().toLowerCase(Locale.ROOT));
    }
  }
}
