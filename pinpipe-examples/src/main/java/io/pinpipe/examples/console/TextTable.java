package io.pinpipe.examples.console;

import java.util.ArrayList;
import java.util.List;

/** A plain aligned text table: a header row, then rows; numbers right-aligned. Not thread-safe. */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column titles. */
  public TextTable(String... header) {
    this.header = List.of(header);
  }

  /**
   * Adds a row; values are shown with {@link String#valueOf(Object)}, numbers with thousands separators.
   *
   * @throws IllegalArgumentException if the row has a different number of cells than the header
   */
  public TextTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "Cannot add row: " + cells.length + " cells for " + header.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(cell instanceof Long || cell instanceof Integer ? String.format("%,d", cell) : String.valueOf(cell));
    }
    rows.add(row);
    return this;
  }

  /** The table as text, one line per row, ending with a newline. */
  public String render() {
    int[] width = new int[header.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = header.get(c).length();
      for (List<String> row : rows) {
        width[c] = Math.max(width[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, header, width, false);
    for (int c = 0; c < width.length; c++) {
      out.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
    }
    out.append('\n');
    for (List<String> row : rows) {
      appendRow(out, row, width, true);
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, List<String> cells, int[] width, boolean alignNumbers) {
    for (int c = 0; c < width.length; c++) {
      String cell = cells.get(c);
      boolean number = alignNumbers && cell.matches("-?[0-9][0-9,.]*");
      String pad = " ".repeat(width[c] - cell.length());
      out.append(c == 0 ? "" : "  ").append(number ? pad + cell : cell + (c == width.length - 1 ? "" : pad));
    }
    out.append('\n');
  }
}
