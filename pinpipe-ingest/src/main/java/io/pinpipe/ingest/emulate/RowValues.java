package io.pinpipe.ingest.emulate;

import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawUser;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.function.Function;

/**
 * Builds raw records from named column values, as CSV cells (strings) or JDBC objects, with the
 * original tables' column names. Empty cells are null for numbers and kept as text otherwise.
 */
final class RowValues {
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private final Function<String, Object> column;
  private final String source;
  private final long row;

  RowValues(Function<String, Object> column, String source, long row) {
    this.column = column;
    this.source = source;
    this.row = row;
  }

  RawPin pin() {
    return new RawPin(index("index"), text("unique_id"), text("title"), text("description"), text("poster_name"),
        text("follower_count"), text("tag_list"), text("is_image_or_video"), text("image_src"), integer("downloaded"),
        text("save_location"), text("category"));
  }

  RawGeo geo() {
    return new RawGeo(index("ind"), text("timestamp"), decimal("latitude"), decimal("longitude"), text("country"));
  }

  RawUser user() {
    return new RawUser(index("ind"), text("first_name"), text("last_name"), integer("age"), text("date_joined"));
  }

  private int index(String name) {
    Integer value = integer(name);
    if (value == null) {
      throw new SourceRowException(source, row, "column '" + name + "' is missing or empty");
    }
    return value;
  }

  private String text(String name) {
    Object value = column.apply(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toLocalDateTime().format(TIMESTAMP);
    }
    if (value instanceof LocalDateTime || value instanceof TemporalAccessor && !(value instanceof java.time.Instant)) {
      return TIMESTAMP.format((TemporalAccessor) value);
    }
    return value.toString();
  }

  private Integer integer(String name) {
    Object value = column.apply(name);
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    try {
      if (value instanceof Number number) {
        if (number.doubleValue() != Math.rint(number.doubleValue()) || Math.abs(number.doubleValue()) > Integer.MAX_VALUE) {
          throw new NumberFormatException();
        }
        return number.intValue();
      }
      return Integer.valueOf(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new SourceRowException(source, row, "column '" + name + "' is not an integer: " + io.pinpipe.model.Names.quote(value.toString()));
    }
  }

  private Double decimal(String name) {
    Object value = column.apply(name);
    if (value == null || value instanceof String s && s.isBlank()) {
      return null;
    }
    try {
      double parsed = value instanceof Number number ? number.doubleValue() : Double.parseDouble(value.toString().strip());
      if (!Double.isFinite(parsed)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new SourceRowException(source, row, "column '" + name + "' is not a number: " + io.pinpipe.model.Names.quote(value.toString()));
    }
  }
}
