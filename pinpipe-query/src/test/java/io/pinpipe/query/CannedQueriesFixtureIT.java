package io.pinpipe.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.query.results.CategoryCount;
import io.pinpipe.query.results.CountryFollowers;
import io.pinpipe.query.results.JoinYearCount;
import io.pinpipe.query.results.Median;
import io.pinpipe.query.results.TopUser;
import io.pinpipe.testkit.LocalSpark;
import io.pinpipe.transform.CleanTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every canned query over hand-made tables whose answers were worked out by hand: ties, nulls, an
 * even and an odd count for each median, the age-group edges 17/18/24/25/35/36/50/51, years outside
 * the ranges, a country with a single post, and UTC years in a session whose time zone is not UTC.
 */
class CannedQueriesFixtureIT {
  private static Queries queries;

  @BeforeAll
  static void tables() {
    SparkSession spark = LocalSpark.shared();
    spark.conf().set("spark.sql.session.timeZone", "America/New_York");
    List<Row> pins = new ArrayList<>();
    pin(pins, 1, "art", "Zed", 100L);
    pin(pins, 2, "art", "Amy", 100L);
    pin(pins, 3, "beauty", "Bob", 50L);
    pin(pins, 4, "beauty", null, 1000L);
    pin(pins, 5, "travel", "Cat", null);
    pin(pins, 6, "quotes", "Dan", 5000L);
    pin(pins, 7, "quotes", "Eve", 7000L);
    pin(pins, 8, "art", "Fay", 7000L);
    pin(pins, 9, "art", "Hugo", 300L);
    pin(pins, 10, null, "Ian", 5L);
    pin(pins, 12, "art", "Gus", 7000L);
    pin(pins, 13, "travel", "Kim", 10L);
    pin(pins, 14, "travel", "Lu", 20L);
    pin(pins, 15, null, "Mo", 1L);
    pin(pins, 16, "travel", null, null);
    pin(pins, 17, "beauty", null, null);
    List<Row> geos = new ArrayList<>();
    geo(geos, 1, "Albania", "2018-03-01T00:00:00Z");
    geo(geos, 2, "Albania", "2018-12-31T23:59:59Z");
    geo(geos, 3, "Albania", "2019-01-01T00:30:00Z");
    geo(geos, 4, "Albania", "2017-06-01T00:00:00Z");
    geo(geos, 5, "Brazil", "2023-01-01T00:00:00Z");
    geo(geos, 6, "Chile", "2020-05-05T00:00:00Z");
    geo(geos, 7, "Chile", "2020-05-06T00:00:00Z");
    geo(geos, 8, "Chile", "2020-05-07T00:00:00Z");
    geo(geos, 9, null, "2018-07-07T00:00:00Z");
    geo(geos, 10, "Chile", "2020-01-01T00:00:00Z");
    geo(geos, 11, "Albania", "2018-01-01T00:00:00Z");
    geo(geos, 12, "Denmark", null);
    geo(geos, 16, "Egypt", "2021-01-01T00:00:00Z");
    geo(geos, 17, "Egypt", "2021-02-02T00:00:00Z");
    List<Row> users = new ArrayList<>();
    user(users, 1, "Ann A", 17, "2015-01-01T00:00:00Z");
    user(users, 2, "Ann A", 18, "2015-01-01T00:00:00Z");
    user(users, 3, "Bob B", 24, "2016-06-01T00:00:00Z");
    user(users, 4, "Bob B", 25, "2016-07-01T00:00:00Z");
    user(users, 5, "Cy C", 35, "2014-12-31T23:59:59Z");
    user(users, 6, "Di D", 36, "2021-01-01T00:00:00Z");
    user(users, 7, null, 50, "2016-01-01T00:00:00Z");
    user(users, 8, "Ed E", 51, null);
    user(users, 9, "Jo J", null, "2016-03-03T00:00:00Z");
    user(users, 12, "Flo F", 60, "2020-12-31T23:00:00Z");
    user(users, 13, "Gil G", 30, "2017-01-01T02:00:00Z");
    user(users, 14, "Hal H", 28, "2017-05-05T00:00:00Z");
    user(users, 15, "Ivy I", 70, "2016-02-02T00:00:00Z");
    spark.createDataFrame(pins, CleanTable.PIN.schema()).createOrReplaceTempView("pin_clean");
    spark.createDataFrame(geos, CleanTable.GEO.schema()).createOrReplaceTempView("geo_clean");
    spark.createDataFrame(users, CleanTable.USER.schema()).createOrReplaceTempView("user_clean");
    queries = new Queries(spark);
  }

  @Test
  void q1MostPopularCategoryPerCountry() {
    assertThat(queries.mostPopularCategoryByCountry())
        .containsExactly(
            new CategoryCount("Albania", "art", 2),
            new CategoryCount("Brazil", "travel", 1),
            new CategoryCount("Chile", "quotes", 2),
            new CategoryCount("Denmark", "art", 1),
            new CategoryCount("Egypt", "beauty", 1));
  }

  @Test
  void q2MostPopularCategoryPerUtcYear() {
    assertThat(queries.mostPopularCategoryByYear())
        .containsExactly(
            new CategoryCount("2018", "art", 3),
            new CategoryCount("2019", "beauty", 1),
            new CategoryCount("2020", "quotes", 2),
            new CategoryCount("2021", "beauty", 1));
  }

  @Test
  void q3TopUserPerCountryAndQ3bTheirTop() {
    assertThat(queries.topUserByCountry())
        .containsExactly(new TopUser("Albania", "Amy", 100), new TopUser("Chile", "Eve", 7000), new TopUser("Denmark", "Gus", 7000));
    assertThat(queries.countryWithTopUser()).contains(new CountryFollowers("Chile", 7000));
  }

  @Test
  void q4MostPopularCategoryPerAgeGroup() {
    assertThat(queries.mostPopularCategoryByAgeGroup())
        .containsExactly(
            new CategoryCount("18-24", "art", 1),
            new CategoryCount("25-35", "travel", 3),
            new CategoryCount("36-50", "quotes", 2),
            new CategoryCount("50+", "art", 2));
  }

  @Test
  void q5LowerMedianPerAgeGroup() {
    assertThat(queries.medianFollowersByAgeGroup())
        .containsExactly(
            new Median("18-24", null, 50), new Median("25-35", null, 20), new Median("36-50", null, 5000), new Median("50+", null, 7000));
  }

  @Test
  void q6DistinctUsersPerJoinYear() {
    assertThat(queries.usersJoinedByYear())
        .containsExactly(new JoinYearCount(2015, 1), new JoinYearCount(2016, 4), new JoinYearCount(2017, 2), new JoinYearCount(2020, 1));
  }

  @Test
  void q7LowerMedianPerJoinYear() {
    assertThat(queries.medianFollowersByJoinYear())
        .containsExactly(new Median(null, 2015, 100), new Median(null, 2016, 300), new Median(null, 2017, 10), new Median(null, 2020, 7000));
  }

  @Test
  void q8LowerMedianPerAgeGroupAndJoinYear() {
    assertThat(queries.medianFollowersByAgeGroupAndJoinYear())
        .containsExactly(
            new Median("18-24", 2015, 100),
            new Median("18-24", 2016, 50),
            new Median("25-35", 2016, 1000),
            new Median("25-35", 2017, 10),
            new Median("36-50", 2016, 7000),
            new Median("50+", 2016, 1),
            new Median("50+", 2020, 7000));
  }

  @Test
  void collectAllGivesEveryAnswerInOrder() {
    List<QueryResult> all = queries.collectAll();
    assertThat(all).extracting(QueryResult::query).containsExactly(CannedQuery.values());
    for (QueryResult answer : all) {
      assertThat(answer).isEqualTo(QueryResult.collect(answer.query(), queries.run(answer.query())));
    }
  }

  @Test
  void everyQueryReturnsItsSpecColumnsInOrder() {
    for (CannedQuery query : CannedQuery.values()) {
      assertThat(List.of(queries.run(query).columns())).as(query.id()).isEqualTo(query.columns());
      assertThat(query.sql()).as(query.id()).startsWith("-- " + query.id() + ":");
    }
  }

  private static void pin(List<Row> rows, int ind, String category, String poster, Long followers) {
    rows.add(RowFactory.create(ind, "u-" + ind, null, null, followers, poster, null, null, null, null, category));
  }

  private static void geo(List<Row> rows, int ind, String country, String timestamp) {
    rows.add(RowFactory.create(ind, country, null, timestamp == null ? null : Instant.parse(timestamp)));
  }

  private static void user(List<Row> rows, int ind, String name, Integer age, String joined) {
    rows.add(RowFactory.create(ind, name, age, joined == null ? null : Instant.parse(joined)));
  }
}
