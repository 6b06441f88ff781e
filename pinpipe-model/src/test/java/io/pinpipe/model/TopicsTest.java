package io.pinpipe.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void derivesTheThreeTopicNames() {
    Topics topics = Topics.forPrefix("0a1d8948160f");

    assertThat(topics.all()).containsExactly("0a1d8948160f.pin", "0a1d8948160f.geo", "0a1d8948160f.user");
    assertThat(topics.topic(RecordType.GEO)).isEqualTo("0a1d8948160f.geo");
    assertThat(topics.typeOf("0a1d8948160f.user")).contains(RecordType.USER);
    assertThat(topics.typeOf("other.user")).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {".", "..", "../etc", "a/b", "a b", "a%2e", "tab\tx", "caf\u00e9", "x:y", "semi;colon"})
  void rejectsBadPrefixesNamingTheValueAndRule(String prefix) {
    assertThatThrownBy(() -> Topics.forPrefix(prefix))
        .isInstanceOf(InvalidNameException.class)
        .hasMessageStartingWith("Cannot use prefix " + Names.quote(prefix))
        .hasMessageContaining("[a-zA-Z0-9._-]");
  }

  @Test
  void rejectsAPrefixWhoseTopicsWouldBeTooLong() {
    assertThat(Topics.forPrefix("p".repeat(244)).user()).hasSize(249);
    assertThatThrownBy(() -> Topics.forPrefix("p".repeat(245))).hasMessageContaining("1..244");
  }

  @Test
  void canonicalConstructorRefusesInconsistentNames() {
    assertThatThrownBy(() -> new Topics("p", "p.pin", "p.geo", "q.user"))
        .hasMessageContaining("use Topics.forPrefix");
  }

  @Test
  void topicRulesFollowKafka() {
    assertThat(Names.isValidTopic("a".repeat(249))).isTrue();
    assertThat(Names.isValidTopic("a".repeat(250))).isFalse();
    assertThat(Names.isValidTopic("my_topic-1.x")).isTrue();
    assertThatThrownBy(() -> Names.checkTopic("..")).hasMessageContaining("not '.' or '..'");
  }

  @Test
  void quotingEscapesControlCharactersAndTruncates() {
    assertThat(Names.quote("a\nb")).isEqualTo("'a\\u000ab'");
    assertThat(Names.quote("x".repeat(100))).endsWith("...(100 chars)'").hasSizeLessThan(100);
  }
}
