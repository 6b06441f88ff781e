package io.pinpipe.examples.report;

import java.util.List;

/** Small HTML helpers: escaping and tables. */
final class Html {
  private Html() {}

  /** Escapes text for element content and attribute values. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  /**
   * A table with a header row; numbers are right-aligned with thousands separators (except in
   * {@code *year} columns), nulls shown empty.
   */
  static String table(List<String> columns, List<List<Object>> rows) {
    StringBuilder out = new StringBuilder("<table>\n<tr>");
    for (String column : columns) {
      out.append("<th>").append(escape(column)).append("</th>");
    }
    out.append("</tr>\n");
    for (List<Object> row : rows) {
      out.append("<tr>");
      for (int c = 0; c < row.size(); c++) {
        Object value = row.get(c);
        boolean number = value instanceof Number;
        boolean year = columns.get(c).endsWith("year");
        String text = !number ? (value == null ? "" : value.toString())
            : year ? value.toString() : String.format("%,d", ((Number) value).longValue());
        out.append(number ? "<td class=\"n\">" : "<td>").append(escape(text)).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</table>\n").toString();
  }
}
