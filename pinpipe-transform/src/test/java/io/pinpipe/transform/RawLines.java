package io.pinpipe.transform;

import io.pinpipe.model.Post;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generated raw lines per record type, with bad lines mixed in at fixed places: malformed JSON,
 * a missing index and a bad rule per type, and a conflicting duplicate whose smaller version
 * comes first.
 */
final class RawLines {
  final Map<RecordType, List<String>> lines = new EnumMap<>(RecordType.class);
  /** Lines that must end in quarantine, per type. */
  final Map<RecordType, Integer> bad = new EnumMap<>(RecordType.class);
  /** Row indexes of the lines that clean, per type. */
  final Map<RecordType, Set<Integer>> goodKeys = new EnumMap<>(RecordType.class);

  private RawLines() {}

  static RawLines generate(long seed, int posts, int badEvery) {
    RawLines out = new RawLines();
    JsonCodec codec = JsonCodec.standard();
    for (RecordType type : RecordType.values()) {
      out.lines.put(type, new ArrayList<>());
      out.bad.put(type, 0);
      out.goodKeys.put(type, new HashSet<>());
    }
    int i = 0;
    for (Post post : (Iterable<Post>) () -> PostGenerator.withSeed(seed).iterator(posts)) {
      for (RecordType type : RecordType.values()) {
        out.lines.get(type).add(new String(codec.encode(post.record(type)), StandardCharsets.UTF_8));
        out.goodKeys.get(type).add(post.ind());
      }
      if (++i % badEvery == 0) {
        out.addBad(i);
      }
    }
    return out;
  }

  private void addBad(int i) {
    add(RecordType.PIN, "{\"index\": " + i + ", \"follower_count\": \"" + i + "x\"}", true);
    add(RecordType.GEO, "{\"ind\": " + i + ", \"latitude\": 123.5, \"longitude\": 0}", true);
    add(RecordType.USER, "{\"ind\": " + i + ", \"age\": -" + i + "}", true);
    RecordType type = RecordType.values()[i % 3];
    add(type, "{\"" + type.keyField() + "\": " + i + ", ", true);
    add(type, "{\"no_index\": " + i + "}", true);
    // a conflicting duplicate of an index outside the generator's rows: the smaller version first
    int ind = 1_000_000 + i;
    goodKeys.get(RecordType.USER).add(ind);
    add(RecordType.USER, "{\"ind\": " + ind + ", \"first_name\": \"A\", \"last_name\": \"B\", \"age\": 30}", false);
    add(RecordType.USER, "{\"ind\": " + ind + ", \"first_name\": \"A\", \"last_name\": \"B\", \"age\": 31}", false);
  }

  private void add(RecordType type, String line, boolean quarantined) {
    lines.get(type).add(line);
    if (quarantined) {
      bad.merge(type, 1, Integer::sum);
    }
  }

  /** The row index a line would be keyed by, or null when it has none. */
  static String key(RecordType type, String line) {
    Matcher m = Pattern.compile("\"" + type.keyField() + "\":\\s*([0-9]+)").matcher(line);
    return m.find() ? m.group(1) : null;
  }
}
