package io.pinpipe.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a (small) query result is printed: an aligned text table, CSV (RFC 4180) or JSON lines. */
public enum ResultFormat {
  /** Columns padded to their widest value, numbers right-aligned. */
  TABLE,
  /** A header line, then one line per row; fields with commas, quotes or line breaks are quoted. */
  CSV,
  /** One JSON object per row, keys in column order. */
  JSON;

  /** Parses {@code table}, {@code csv} or {@code json}, naming the bad value otherwise. */
  public static ResultFormat parse(String value) {
    for (ResultFormat format : values()) {
      if (format.name().equalsIgnoreCase(value)) {
        return format;
      }
    }
    throw new IllegalArgumentException("Unknown result format '" + value + "': expected table, csv or json");
  }

  /** Renders rows given as lists of values (strings, numbers or null). */
  public String render(List<String> columns, List<List<Object>> rows) {
    return switch (this) {
      case TABLE -> table(columns, rows);
      case CSV -> csv(columns, rows);
      case JSON -> json(columns, rows);
    };
  }

  private static String table(List<String> columns, List<List<Object>> rows) {
    int[] widths = new int[columns.size()];
    boolean[] numeric = new boolean[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).length();
      numeric[c] = !rows.isEmpty();
      for (List<Object> row : rows) {
        widths[c] = Math.max(widths[c], text(row.get(c)).length());
        numeric[c] &= row.get(c) == null || row.get(c) instanceof Number;
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, columns.stream().map(name -> (Object) name).toList(), widths, new boolean[columns.size()]);
    StringBuilder rule = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      rule.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
    }
    out.append(rule).append('\n');
    for (List<Object> row : rows) {
      line(out, row, widths, numeric);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<Object> values, int[] widths, boolean[] right) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < values.size(); c++) {
      String text = text(values.get(c));
      String pad = " ".repeat(widths[c] - text.length());
      line.append(c == 0 ? "" : "  ").append(right[c] ? pad + text : text + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String csv(List<String> columns, List<List<Object>> rows) {
    StringBuilder out = new StringBuilder();
    out.append(String.join(",", columns.stream().map(ResultFormat::csvField).toList())).append("\r\n");
    for (List<Object> row : rows) {
      List<String> fields = new ArrayList<>();
      for (Object value : row) {
        fields.add(value == null ? "" : csvField(text(value)));
      }
      out.append(String.join(",", fields)).append("\r\n");
    }
    return out.toString();
  }

  private static String csvField(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  private static String json(List<String> columns, List<List<Object>> rows) {
    StringBuilder out = new StringBuilder();
    for (List<Object> row : rows) {
      out.append('{');
      for (int c = 0; c < columns.size(); c++) {
        Object value = row.get(c);
        out.append(c == 0 ? "" : ",").append(jsonString(columns.get(c))).append(':');
        out.append(value == null ? "null" : value instanceof Number ? value.toString() : jsonString(text(value)));
      }
      out.append("}\n");
    }
    return out.toString();
  }

  private static String jsonString(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
