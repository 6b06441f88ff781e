package io.pinpipe.examples.cli;

import io.pinpipe.examples.report.HtmlReport;
import io.pinpipe.query.CannedQuery;
import io.pinpipe.query.CleanTables;
import io.pinpipe.query.Queries;
import io.pinpipe.query.QueryResult;
import io.pinpipe.transform.CleanTable;
import io.pinpipe.transform.TableFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe report}: the HTML report (table sizes, every answer, charts) from existing clean tables. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write a self-contained HTML report from clean tables.")
final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--tables", required = true, paramLabel = "DIR", description = "directory holding the clean and quarantine tables")
  String tables;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "the HTML file to write")
  Path out;

  @Option(names = "--table-format", paramLabel = "parquet|delta", defaultValue = "parquet", description = "how the tables are stored (default: ${DEFAULT-VALUE})")
  String tableFormat;

  @Override
  public Integer call() {
    TableFormat stored = UsageErrors.check(spec, () -> TableFormat.parse(tableFormat));
    SparkSession spark = sparkOptions.start();
    try {
      CleanTables.registerPaths(spark, tables, stored);
      List<List<Object>> sizes = new ArrayList<>();
      String base = tables.endsWith("/") ? tables : tables + "/";
      for (CleanTable table : CleanTable.values()) {
        long quarantined =
            stored == TableFormat.DELTA
                ? spark.read().format("delta").load(base + table.quarantineName()).count()
                : spark.read().schema(CleanTable.QUARANTINE_SCHEMA).parquet(base + table.quarantineName()).count();
        sizes.add(List.of(table.tableName(), spark.table(table.tableName()).count(), quarantined));
      }
      Queries queries = new Queries(spark);
      List<QueryResult> answers = new ArrayList<>();
      for (CannedQuery query : CannedQuery.values()) {
        answers.add(QueryResult.collect(query, queries.run(query)));
      }
      Path written =
          new HtmlReport("pinpipe report: " + tables)
              .table("Tables", List.of("table", "clean rows", "quarantined rows"), sizes)
              .answers(answers)
              .write(out);
      System.out.println("report: " + written.toAbsolutePath());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
