package io.pinpipe.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The nine canned queries of SPEC section 5. Each one's SQL is a resource ({@code
 * io/pinpipe/query/sql/q1.sql} ...) that reads the tables {@code pin_clean}, {@code geo_clean} and
 * {@code user_clean} and can be pasted into a notebook as it is.
 */
public enum CannedQuery {
  /** Most popular category in each country. */
  Q1("most popular category in each country", "country", "category", "category_count"),
  /** Most popular category in each year 2018..2022. */
  Q2("most popular category in each year 2018..2022", "post_year", "category", "category_count"),
  /** User with the most followers in each country. */
  Q3("user with the most followers in each country", "country", "poster_name", "follower_count"),
  /** The country whose top user has the most followers. */
  Q3B("country whose top user has the most followers", "country", "follower_count"),
  /** Most popular category in each age group. */
  Q4("most popular category in each age group", "age_group", "category", "category_count"),
  /** Median follower count in each age group. */
  Q5("median follower count in each age group", "age_group", "median_follower_count"),
  /** Users who joined each year 2015..2020. */
  Q6("users who joined each year 2015..2020", "join_year", "number_users_joined"),
  /** Median follower count by joining year 2015..2020. */
  Q7("median follower count by joining year 2015..2020", "join_year", "median_follower_count"),
  /** Median follower count by age group and joining year 2015..2020. */
  Q8("median follower count by age group and joining year", "age_group", "join_year", "median_follower_count");

  private final String question;
  private final List<String> columns;

  CannedQuery(String question, String... columns) {
    this.question = question;
    this.columns = List.of(columns);
  }

  /** The id as SPEC writes it: {@code Q1} ... {@code Q8}, {@code Q3b}. */
  public String id() {
    return this == Q3B ? "Q3b" : name();
  }

  /** The business question, in a few words. */
  public String question() {
    return question;
  }

  /** Result columns in order. */
  public List<String> columns() {
    return columns;
  }

  /** The query's SQL text, comment included. */
  public String sql() {
    String resource = "sql/" + id().toLowerCase(java.util.Locale.ROOT) + ".sql";
    try (InputStream in = CannedQuery.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource io/pinpipe/query/" + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }

  /** Parses an id ({@code Q1}, {@code q3b}, ...), naming the bad value otherwise. */
  public static CannedQuery parse(String id) {
    for (CannedQuery query : values()) {
      if (query.id().equalsIgnoreCase(id)) {
        return query;
      }
    }
    throw new IllegalArgumentException("Unknown query '" + id + "': expected Q1..Q8 or Q3b");
  }
}
