package io.pinpipe.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultFormatTest {
  private static final List<String> COLUMNS = List.of("country", "category_count");
  private static final List<List<Object>> ROWS =
      List.of(Arrays.asList("Cote d'Ivoire", 12L), Arrays.asList("Holy See (Vatican City State), \"x\"", 7L), Arrays.asList(null, 1234L));

  @Test
  void tableAlignsTextLeftAndNumbersRight() {
    assertThat(ResultFormat.TABLE.render(COLUMNS, ROWS))
        .isEqualTo(
            "country                             category_count\n"
                + "----------------------------------  --------------\n"
                + "Cote d'Ivoire                                   12\n"
                + "Holy See (Vatican City State), \"x\"               7\n"
                + "                                              1234\n");
  }

  @Test
  void csvQuotesCommasAndQuotesAndLeavesNullEmpty() {
    assertThat(ResultFormat.CSV.render(COLUMNS, ROWS))
        .isEqualTo("country,category_count\r\nCote d'Ivoire,12\r\n\"Holy See (Vatican City State), \"\"x\"\"\",7\r\n,1234\r\n");
  }

  @Test
  void jsonLinesEscapeStringsAndKeepNumbersAndNulls() {
    assertThat(ResultFormat.JSON.render(COLUMNS, List.of(Arrays.asList("a\"b\n\u0001", 3L), Arrays.asList(null, 4L))))
        .isEqualTo("{\"country\":\"a\\\"b\\n\\u0001\",\"category_count\":3}\n{\"country\":null,\"category_count\":4}\n");
  }

  @Test
  void parseNamesTheBadValue() {
    assertThat(ResultFormat.parse("CSV")).isEqualTo(ResultFormat.CSV);
    assertThatThrownBy(() -> ResultFormat.parse("xml")).hasMessageContaining("'xml'");
    assertThat(CannedQuery.parse("q3b")).isEqualTo(CannedQuery.Q3B);
    assertThatThrownBy(() -> CannedQuery.parse("Q9")).hasMessageContaining("'Q9'");
  }
}
