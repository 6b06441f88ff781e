package io.pinpipe.ingest.emulate;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma separated, fields optionally in double quotes, a quote inside a quoted field
 * doubled, quoted fields may hold commas and line breaks; CRLF or LF line ends.
 */
final class CsvReader {
  private CsvReader() {}

  /**
   * Splits a whole CSV text into rows of fields.
   *
   * @throws IllegalArgumentException naming the line of an unterminated quoted field
   */
  static List<String[]> parse(String text) {
    List<String[]> rows = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStarted = false;
    int line = 1;
    int quoteLine = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
        fieldStarted = true;
        quoteLine = line;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        fieldStarted = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        line++;
        if (fieldStarted || field.length() > 0 || !fields.isEmpty()) {
          fields.add(field.toString());
          rows.add(fields.toArray(String[]::new));
        }
        fields.clear();
        field.setLength(0);
        fieldStarted = false;
      } else {
        field.append(c);
        fieldStarted = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quoted field starting on line " + quoteLine);
    }
    if (fieldStarted || field.length() > 0 || !fields.isEmpty()) {
      fields.add(field.toString());
      rows.add(fields.toArray(String[]::new));
    }
    return rows;
  }
}
