package io.pinpipe.examples.report;

import java.util.List;
import java.util.Locale;

/** A horizontal bar chart as inline SVG: one labelled bar per value, drawn to scale from zero. */
final class SvgBarChart {
  private static final int ROW = 22;
  private static final int LABEL = 190;
  private static final int BARS = 420;
  private static final int VALUE = 110;

  private SvgBarChart() {}

  /**
   * @param title shown above the bars
   * @param labels one per bar
   * @param values one per bar, not negative
   */
  static String render(String title, List<String> labels, List<? extends Number> values) {
    if (labels.size() != values.size()) {
      throw new IllegalArgumentException(labels.size() + " labels for " + values.size() + " values");
    }
    double max = values.stream().mapToDouble(Number::doubleValue).max().orElse(0);
    int height = 30 + ROW * labels.size();
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"%s\">%n",
        LABEL + BARS + VALUE, height, Html.escape(title)));
    svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"16\" class=\"title\">%s</text>%n", Html.escape(title)));
    for (int i = 0; i < labels.size(); i++) {
      double value = values.get(i).doubleValue();
      int y = 26 + i * ROW;
      int width = max <= 0 ? 0 : (int) Math.round(BARS * value / max);
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"end\">%s</text>",
          LABEL - 6, y + 14, Html.escape(labels.get(i))));
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" class=\"bar\"/>",
          LABEL, y + 2, Math.max(width, 1), ROW - 6));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"value\">%s</text>%n",
          LABEL + width + 6, y + 14, Html.escape(String.format(Locale.ROOT, "%,d", Math.round(value)))));
    }
    return svg.append("</svg>\n").toString();
  }
}
