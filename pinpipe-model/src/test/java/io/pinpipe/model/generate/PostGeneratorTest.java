package io.pinpipe.model.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pinpipe.model.Post;
import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawUser;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.clean.CleaningRules;
import io.pinpipe.model.json.JsonCodec;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostGeneratorTest {
  private static final int N = 50_000;
  private static List<Post> posts;

  @BeforeAll
  static void generate() {
    posts = PostGenerator.withSeed(7).posts(N).toList();
  }

  @Test
  void sameSeedGivesByteIdenticalOutputAndOtherSeedsDiffer() throws Exception {
    assertThat(digest(PostGenerator.withSeed(42), 20_000)).isEqualTo(digest(PostGenerator.withSeed(42), 20_000));
    assertThat(digest(PostGenerator.withSeed(42), 20_000)).isNotEqualTo(digest(PostGenerator.withSeed(43), 20_000));
  }

  @Test
  void drawsIndexesWithReplacementFromTheTable() {
    Set<Integer> distinct = new HashSet<>();
    posts.forEach(p -> distinct.add(p.ind()));
    // 50k draws from 11,153 rows: nearly every row appears, many more than once
    assertThat(distinct.size()).isBetween(10_900, PostGenerator.DEFAULT_ROWS);
    PostGenerator table = PostGenerator.withSeed(7);
    assertThat(posts).allSatisfy(p -> assertThat(p).isEqualTo(table.row(p.ind())));
  }

  @Test
  void usersRepeatAcrossIndexesLikeTheOriginalTables() {
    PostGenerator generator = PostGenerator.withSeed(7);
    Set<String> people = new HashSet<>();
    for (int i = 0; i < generator.rows(); i++) {
      RawUser u = generator.row(i).user();
      people.add(u.firstName() + "|" + u.lastName() + "|" + u.age() + "|" + u.dateJoined());
    }
    assertThat(people.size()).isBetween(4_000, PostGenerator.DEFAULT_PEOPLE);
  }

  @Test
  void valuesStayInSpecRanges() {
    Pattern timestamp = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
    for (Post post : posts) {
      RawGeo geo = post.geo();
      assertThat(geo.latitude()).isBetween(-90.0, 90.0);
      assertThat(geo.longitude()).isBetween(-180.0, 180.0);
      assertThat(geo.timestamp()).matches(timestamp).isBetween("2017-10-19", "2022-10-19 23:59:59");
      assertThat(Vocabulary.COUNTRIES).contains(geo.country());
      RawUser user = post.user();
      assertThat(user.age()).isBetween(20, 60);
      assertThat(user.dateJoined()).matches(timestamp).isBetween("2015-10-21", "2017-10-20 23:59:59");
      RawPin pin = post.pin();
      assertThat(Vocabulary.CATEGORIES).contains(pin.category());
      assertThat(pin.saveLocation()).isEqualTo("Local save in /data/" + pin.category());
      assertThat(pin.followerCount()).matches("\\d+|\\d+(\\.\\d+)?[kM]|User Info Error");
      if (!"User Info Error".equals(pin.followerCount())) {
        assertThat(CleaningRules.parseFollowerCount(pin.followerCount())).isNotNull();
      }
    }
  }

  @Test
  void placeholdersAndFormatsAppearAtTheMeasuredRealRates() {
    Map<String, Integer> count = new HashMap<>();
    Set<String> countries = new HashSet<>();
    Map<String, Integer> categories = new HashMap<>();
    for (Post post : posts) {
      RawPin pin = post.pin();
      boolean userInfoError = pin.followerCount().equals("User Info Error");
      // the three always come together
      assertThat(pin.posterName().equals("User Info Error")).isEqualTo(userInfoError);
      assertThat(pin.title().equals("No Title Data Available")).isEqualTo(userInfoError);
      // downloaded is 0 exactly when the image failed
      assertThat(pin.downloaded() == 0).isEqualTo(pin.imageSrc().equals("Image src error."));
      // the story-format description belongs to multi-video posts
      assertThat(pin.description().equals("No description available Story format"))
          .isEqualTo(pin.isImageOrVideo().startsWith("multi-video"));
      String fc = pin.followerCount();
      count.merge(userInfoError ? "uie" : fc.endsWith("k") ? "k" : fc.endsWith("M") ? "M" : "digits", 1, Integer::sum);
      count.merge("media:" + pin.isImageOrVideo(), 1, Integer::sum);
      if (pin.imageSrc().equals("Image src error.")) count.merge("imageError", 1, Integer::sum);
      if (pin.description().equals("No description available")) count.merge("noDescription", 1, Integer::sum);
      if (pin.tagList().equals("N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e")) count.merge("noTags", 1, Integer::sum);
      if (pin.description().endsWith("\u2026\u00A0")) count.merge("truncated", 1, Integer::sum);
      if (pin.title().codePoints().anyMatch(Character::isSupplementaryCodePoint)) count.merge("emoji", 1, Integer::sum);
      if (pin.title().contains("\n")) count.merge("newline", 1, Integer::sum);
      if (fc.matches("\\d+") ) assertThat(Long.parseLong(fc)).isLessThanOrEqualTo(1000);
      countries.add(post.geo().country());
      categories.merge(pin.category(), 1, Integer::sum);
    }
    assertThat(rate(count, "k")).isCloseTo(0.74, within(0.03));
    assertThat(rate(count, "digits")).isCloseTo(0.18, within(0.025));
    assertThat(rate(count, "M")).isCloseTo(0.075, within(0.02));
    assertThat(rate(count, "uie")).isCloseTo(0.007, within(0.004));
    assertThat(rate(count, "imageError")).isCloseTo(0.024, within(0.006));
    assertThat(rate(count, "noDescription")).isCloseTo(0.015, within(0.005));
    assertThat(rate(count, "noTags")).isCloseTo(0.014, within(0.005));
    assertThat(rate(count, "media:image")).isCloseTo(0.90, within(0.015));
    assertThat(rate(count, "media:multi-video(story page format)")).isCloseTo(0.07, within(0.01));
    assertThat(rate(count, "media:video")).isCloseTo(0.03, within(0.008));
    assertThat(count).containsKeys("truncated", "emoji", "newline");
    assertThat(countries.size()).isGreaterThan(230);
    assertThat(categories).hasSize(13);
    categories.values().forEach(c -> assertThat(c / (double) N).isCloseTo(1 / 13.0, within(0.01)));
  }

  @Test
  void streamsWithoutHoldingThePosts() {
    // 2M posts through a stream; a list would need far more than the table
    assertThat(PostGenerator.withSeed(1).posts(2_000_000).mapToLong(Post::ind).count()).isEqualTo(2_000_000);
  }

  private static double rate(Map<String, Integer> count, String key) {
    return count.getOrDefault(key, 0) / (double) N;
  }

  private static String digest(PostGenerator generator, int n) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    JsonCodec codec = JsonCodec.standard();
    generator.posts(n).forEach(p -> {
      for (RecordType type : RecordType.values()) {
        sha.update(codec.encode(p.record(type)));
      }
    });
    return java.util.HexFormat.of().formatHex(sha.digest());
  }
}
