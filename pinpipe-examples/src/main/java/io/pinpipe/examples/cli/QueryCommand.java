package io.pinpipe.examples.cli;

import io.pinpipe.query.CannedQuery;
import io.pinpipe.query.CleanTables;
import io.pinpipe.query.Queries;
import io.pinpipe.query.QueryResult;
import io.pinpipe.query.ResultFormat;
import io.pinpipe.transform.TableFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pinpipe query}: the canned queries over clean tables, printed as a table, CSV or JSON lines. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Run canned queries (SPEC section 5) over the clean tables in DIR and print their answers.")
final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SparkOptions sparkOptions;

  @Option(names = "--tables", required = true, paramLabel = "DIR", description = "directory holding pin_clean, geo_clean and user_clean")
  String tables;

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", description = "output format (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--table-format", paramLabel = "parquet|delta", defaultValue = "parquet", description = "how the tables are stored (default: ${DEFAULT-VALUE})")
  String tableFormat;

  @Parameters(paramLabel = "QUERY", arity = "0..*", description = "Q1 ... Q8, Q3b, or all (default: all)")
  List<String> ids = new ArrayList<>();

  @Override
  public Integer call() {
    ResultFormat output = UsageErrors.check(spec, () -> ResultFormat.parse(format));
    TableFormat stored = UsageErrors.check(spec, () -> TableFormat.parse(tableFormat));
    List<CannedQuery> selected = new ArrayList<>();
    for (String id : ids.isEmpty() ? List.of("all") : ids) {
      if (id.equalsIgnoreCase("all")) {
        selected.addAll(List.of(CannedQuery.values()));
      } else {
        selected.add(UsageErrors.check(spec, () -> CannedQuery.parse(id)));
      }
    }
    SparkSession spark = sparkOptions.start();
    try {
      CleanTables.registerPaths(spark, tables, stored);
      Queries queries = new Queries(spark);
      for (CannedQuery query : selected) {
        QueryResult result = QueryResult.collect(query, queries.run(query));
        if (output == ResultFormat.TABLE) {
          System.out.println(query.id() + ": " + query.question());
        }
        System.out.print(result.render(output));
        if (output == ResultFormat.TABLE) {
          System.out.println();
        }
      }
      return 0;
    } finally {
      spark.stop();
    }
  }
}
