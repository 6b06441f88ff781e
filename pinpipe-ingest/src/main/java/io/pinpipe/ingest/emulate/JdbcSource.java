package io.pinpipe.ingest.emulate;

import io.pinpipe.model.Post;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The original MySQL tables {@code pinterest_data}, {@code geolocation_data} and {@code user_data}
 * over JDBC, read like the original emulator: the row at a position ({@code LIMIT 1 OFFSET i}). The
 * password is never shown. Not thread-safe (one connection); close it.
 */
public final class JdbcSource implements PostSource {
  private static final String[] TABLES = {"pinterest_data", "geolocation_data", "user_data"};

  private final String url;
  private final Connection connection;
  private final PreparedStatement[] statements = new PreparedStatement[3];
  private final int rows;

  private JdbcSource(String url, Connection connection) throws SQLException {
    this.url = redact(url);
    this.connection = connection;
    int smallest = Integer.MAX_VALUE;
    for (int t = 0; t < TABLES.length; t++) {
      statements[t] = connection.prepareStatement("SELECT * FROM " + TABLES[t] + " LIMIT 1 OFFSET ?");
      try (var count = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + TABLES[t])) {
        count.next();
        smallest = (int) Math.min(smallest, count.getLong(1));
      }
    }
    this.rows = smallest;
  }

  /**
   * Connects and counts the rows.
   *
   * @throws IllegalStateException naming the URL (never the password) when connecting or counting fails
   */
  public static JdbcSource connect(String url, String user, String password) {
    Connection connection = null;
    try {
      connection = DriverManager.getConnection(url, user, password);
      connection.setReadOnly(true);
      return new JdbcSource(url, connection);
    } catch (SQLException e) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException ignored) {
          // the first failure is the one to report
        }
      }
      throw new IllegalStateException("Cannot read the tables at " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public Post row(int index) {
    try {
      return new Post(
          values(0, index).pin(),
          values(1, index).geo(),
          values(2, index).user());
    } catch (IllegalArgumentException e) {
      throw new SourceRowException(url, index, e.getMessage());
    } catch (SQLException e) {
      throw new SourceRowException(url, index, "query failed: " + e.getMessage());
    }
  }

  private RowValues values(int table, int index) throws SQLException {
    PreparedStatement statement = statements[table];
    statement.setInt(1, index);
    Map<String, Object> values = new HashMap<>();
    try (ResultSet result = statement.executeQuery()) {
      if (!result.next()) {
        throw new SourceRowException(TABLES[table], index, "no such row");
      }
      ResultSetMetaData meta = result.getMetaData();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        values.put(meta.getColumnLabel(c).toLowerCase(Locale.ROOT), result.getObject(c));
      }
    }
    Function<String, Object> column = values::get;
    return new RowValues(column, TABLES[table], index);
  }

  @Override
  public String describe() {
    return url;
  }

  /** The URL with any {@code password=...} value masked, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot close the connection to " + describe(), e);
    }
  }
}
