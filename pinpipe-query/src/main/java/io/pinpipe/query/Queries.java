package io.pinpipe.query;

import io.pinpipe.model.PinpipeException;
import io.pinpipe.query.results.CategoryCount;
import io.pinpipe.query.results.CountryFollowers;
import io.pinpipe.query.results.JoinYearCount;
import io.pinpipe.query.results.Median;
import io.pinpipe.query.results.TopUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the canned queries on a session where the clean tables are registered ({@link
 * CleanTables}). {@link #run} gives Spark's dataset with the SPEC columns in order; the typed methods
 * collect the (small) results into records.
 */
public final class Queries {
  private static final int PARALLEL_QUERIES = 4;

  private final SparkSession spark;

  /** Queries over the tables registered in {@code spark}. */
  public Queries(SparkSession spark) {
    this.spark = Objects.requireNonNull(spark, "spark");
  }

  /** One query's result, columns as {@link CannedQuery#columns()}. */
  public Dataset<Row> run(CannedQuery query) {
    return spark.sql(query.sql());
  }

  /** Every query, in SPEC order. */
  public Map<CannedQuery, Dataset<Row>> runAll() {
    Map<CannedQuery, Dataset<Row>> all = new LinkedHashMap<>();
    for (CannedQuery query : CannedQuery.values()) {
      all.put(query, run(query));
    }
    return all;
  }

  /**
   * Runs every query and collects the answers, several at a time: each canned query is small, so
   * Spark's fixed per-query cost (planning, scheduling) dominates, and overlapping them hides it.
   */
  public List<QueryResult> collectAll() {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_QUERIES, runnable -> {
      Thread thread = new Thread(runnable, "pinpipe-query");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<QueryResult>> futures = new ArrayList<>();
      for (CannedQuery query : CannedQuery.values()) {
        futures.add(pool.submit(() -> QueryResult.collect(query, run(query))));
      }
      List<QueryResult> answers = new ArrayList<>();
      for (Future<QueryResult> future : futures) {
        answers.add(future.get());
      }
      return answers;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PinpipeException("Interrupted while running the canned queries", e);
    } catch (ExecutionException e) {
      throw new PinpipeException("A canned query failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Q1. */
  public List<CategoryCount> mostPopularCategoryByCountry() {
    return collect(CannedQuery.Q1, row -> new CategoryCount(row.getString(0), row.getString(1), row.getLong(2)));
  }

  /** Q2. */
  public List<CategoryCount> mostPopularCategoryByYear() {
    return collect(CannedQuery.Q2, row -> new CategoryCount(Integer.toString(row.getInt(0)), row.getString(1), row.getLong(2)));
  }

  /** Q3. */
  public List<TopUser> topUserByCountry() {
    return collect(CannedQuery.Q3, row -> new TopUser(row.getString(0), row.getString(1), row.getLong(2)));
  }

  /** Q3b; empty when no country has a user with a follower count. */
  public Optional<CountryFollowers> countryWithTopUser() {
    return collect(CannedQuery.Q3B, row -> new CountryFollowers(row.getString(0), row.getLong(1))).stream().findFirst();
  }

  /** Q4. */
  public List<CategoryCount> mostPopularCategoryByAgeGroup() {
    return collect(CannedQuery.Q4, row -> new CategoryCount(row.getString(0), row.getString(1), row.getLong(2)));
  }

  /** Q5. */
  public List<Median> medianFollowersByAgeGroup() {
    return collect(CannedQuery.Q5, row -> new Median(row.getString(0), null, row.getLong(1)));
  }

  /** Q6. */
  public List<JoinYearCount> usersJoinedByYear() {
    return collect(CannedQuery.Q6, row -> new JoinYearCount(row.getInt(0), row.getLong(1)));
  }

  /** Q7. */
  public List<Median> medianFollowersByJoinYear() {
    return collect(CannedQuery.Q7, row -> new Median(null, row.getInt(0), row.getLong(1)));
  }

  /** Q8. */
  public List<Median> medianFollowersByAgeGroupAndJoinYear() {
    return collect(CannedQuery.Q8, row -> new Median(row.getString(0), row.getInt(1), row.getLong(2)));
  }

  private <T> List<T> collect(CannedQuery query, Function<Row, T> map) {
    List<T> out = new ArrayList<>();
    for (Row row : run(query).collectAsList()) {
      out.add(map.apply(row));
    }
    return out;
  }
}
