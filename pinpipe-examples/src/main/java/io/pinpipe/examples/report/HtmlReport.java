package io.pinpipe.examples.report;

import io.pinpipe.query.CannedQuery;
import io.pinpipe.query.QueryResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A self-contained HTML report (no scripts, fonts or images from the network): conservation tables,
 * each query's answer as a table, and inline SVG bar charts where a chart reads better.
 */
public final class HtmlReport {
  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:2em;max-width:960px;color:#222}"
          + "table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:2px 8px}"
          + "th{background:#f3f3f3;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}"
          + ".ok{color:#186a18;font-weight:bold}.bad{color:#a01818;font-weight:bold}"
          + "svg .bar{fill:#4a7bb7}svg text{font-size:12px;fill:#222}svg .title{font-weight:bold;font-size:13px}"
          + "details{margin-bottom:1em}";

  private final String title;
  private final StringBuilder body = new StringBuilder();

  /** A report with a title. */
  public HtmlReport(String title) {
    this.title = title;
  }

  /** A verdict line, green when {@code ok}. */
  public HtmlReport verdict(boolean ok, String text) {
    body.append("<p class=\"").append(ok ? "ok" : "bad").append("\">").append(Html.escape(text)).append("</p>\n");
    return this;
  }

  /** A titled table. */
  public HtmlReport table(String heading, List<String> columns, List<List<Object>> rows) {
    body.append("<h2>").append(Html.escape(heading)).append("</h2>\n").append(Html.table(columns, rows));
    return this;
  }

  /** A titled bar chart. */
  public HtmlReport chart(String heading, List<String> labels, List<? extends Number> values) {
    body.append(SvgBarChart.render(heading, labels, values));
    return this;
  }

  /** Every query's answer as a table, with a chart for those a chart reads better. */
  public HtmlReport answers(List<QueryResult> answers) {
    for (QueryResult answer : answers) {
      CannedQuery query = answer.query();
      body.append("<h2>").append(query.id()).append(": ").append(Html.escape(query.question())).append("</h2>\n");
      chartFor(answer);
      boolean long_ = answer.rows().size() > 25;
      if (long_) {
        body.append("<details><summary>").append(answer.rows().size()).append(" rows</summary>\n");
      }
      body.append(Html.table(answer.columns(), answer.rows()));
      if (long_) {
        body.append("</details>\n");
      }
    }
    return this;
  }

  /** The whole page. */
  public String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
        + "</title><style>" + STYLE + "</style></head><body>\n<h1>" + Html.escape(title) + "</h1>\n" + body
        + "</body></html>\n";
  }

  /** Writes the page to a file (parent directories created). */
  public Path write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, render(), StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report to " + file, e);
    }
  }

  private void chartFor(QueryResult answer) {
    List<List<Object>> rows = answer.rows();
    switch (answer.query()) {
      case Q1 -> {
        Map<String, Long> countries = new TreeMap<>();
        rows.forEach(row -> countries.merge((String) row.get(1), 1L, Long::sum));
        chart("Countries where each category is the most popular", new ArrayList<>(countries.keySet()), new ArrayList<>(countries.values()));
      }
      case Q2, Q4 -> chart("Posts in the most popular category", labels(rows, 0, 1), column(rows, 2));
      case Q5, Q6, Q7 -> chart(answer.columns().get(1).replace('_', ' '), labels(rows, 0), column(rows, 1));
      case Q8 -> chart("median follower count", labels(rows, 0, 1), column(rows, 2));
      default -> { }
    }
  }

  private static List<String> labels(List<List<Object>> rows, int... columns) {
    List<String> labels = new ArrayList<>();
    for (List<Object> row : rows) {
      StringBuilder label = new StringBuilder();
      for (int c : columns) {
        label.append(label.length() == 0 ? "" : " ").append(row.get(c));
      }
      labels.add(label.toString());
    }
    return labels;
  }

  private static List<Number> column(List<List<Object>> rows, int column) {
    List<Number> values = new ArrayList<>();
    for (List<Object> row : rows) {
      values.add((Number) row.get(column));
    }
    return values;
  }
}
