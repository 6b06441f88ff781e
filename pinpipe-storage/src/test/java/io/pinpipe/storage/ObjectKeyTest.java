package io.pinpipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ObjectKeyTest {
  @Test
  void keysAreAsciiWhateverTheDefaultLocale() {
    Locale before = Locale.getDefault();
    try {
      for (String tag : new String[] {"fa-IR", "ar-EG", "th-TH-u-nu-thai", "hi-IN-u-nu-deva"}) {
        Locale.setDefault(Locale.forLanguageTag(tag));
        ObjectKey key = new ObjectKey("r", ArchiveArea.TOPICS, "t", 3, 42, false);
        assertThat(key.key()).as(tag).isEqualTo("r/topics/t/partition=3/t+3+0000000042.json");
        assertThat(ObjectKey.parse(key.key())).as(tag).contains(key);
      }
    } finally {
      Locale.setDefault(before);
    }
  }
}
