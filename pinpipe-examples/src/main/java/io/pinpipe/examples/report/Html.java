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

  /** A table with a header row; numbers are right-aligned, nulls shown empty. */
  static String table(List<String> columns, List<List<Object>> rows) {
    StringBuilder out = new StringBuilder("<table>\n<tr>");
    for (String column : columns) {
      out.append("<th>").append(escape(column)).append("</th>");
    }
    out.append("</tr>\n");
    for (List<Object> row : rows) {
      out.append("<tr>");
      for (Object value : row) {
        boolean number = value instanceof Number;
        out.append(number ? "<td class=\"n\">" : "<td>")
            .append(escape(number ? String.format("%,d", ((Number) value).longValue()) : value == null ? "" : value.toString()))
            .append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</table>\n").toString();
  }
}
