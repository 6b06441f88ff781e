package io.pinpipe.examples.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.query.CannedQuery;
import io.pinpipe.query.QueryResult;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
  @Test
  void tablesEscapeTextGroupCountsButNotYearsAndChartsScaleToTheLargestValue() {
    String html = new HtmlReport("a <report> & more")
        .answers(List.of(new QueryResult(CannedQuery.Q2, CannedQuery.Q2.columns(),
            List.of(Arrays.asList(2018, "<script>", 1234L), Arrays.asList(2019, "art", 617L)))))
        .render();
    assertThat(html).contains("<title>a &lt;report&gt; &amp; more</title>")
        .contains("<td class=\"n\">2018</td>").contains("<td class=\"n\">1,234</td>")
        .contains("&lt;script&gt;").doesNotContain("<script>")
        .contains("width=\"420\"").contains("width=\"210\"");
  }
}
