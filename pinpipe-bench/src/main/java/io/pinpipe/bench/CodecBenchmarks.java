package io.pinpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pinpipe.model.Post;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH: pinpipe's codec against plain Jackson on the same 300 generated records (a pin, a geo and a
 * user per post, in turn). One operation handles all 300.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmarks {
  private static final int POSTS = 100;

  private final JsonCodec codec = JsonCodec.standard();
  private final ObjectMapper jackson = new ObjectMapper();
  private final List<RecordType> types = new ArrayList<>();
  private final List<String> topics = new ArrayList<>();
  private final List<byte[]> encoded = new ArrayList<>();
  private final List<RawRecord> records = new ArrayList<>();
  private final List<Map<String, Object>> maps = new ArrayList<>();

  /** Encodes the records once. */
  @Setup
  public void setUp() throws IOException {
    for (Post post : (Iterable<Post>) () -> PostGenerator.withSeed(3).iterator(POSTS)) {
      for (RecordType type : RecordType.values()) {
        RawRecord record = post.record(type);
        byte[] bytes = codec.encode(record);
        types.add(type);
        topics.add("bench." + type.suffix());
        records.add(record);
        encoded.add(bytes);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = jackson.readValue(bytes, LinkedHashMap.class);
        maps.add(map);
      }
    }
  }

  /** pinpipe: bytes to typed records. */
  @Benchmark
  public int decodeOurs() {
    int sum = 0;
    for (int i = 0; i < encoded.size(); i++) {
      sum += codec.decode(types.get(i), topics.get(i), encoded.get(i)).ind();
    }
    return sum;
  }

  /** Baseline: Jackson's tree of the same bytes. */
  @Benchmark
  public int decodeJackson() throws IOException {
    int sum = 0;
    for (byte[] bytes : encoded) {
      JsonNode tree = jackson.readTree(bytes);
      sum += tree.size();
    }
    return sum;
  }

  /** pinpipe: typed records to bytes. */
  @Benchmark
  public int encodeOurs() {
    int length = 0;
    for (RawRecord record : records) {
      length += codec.encode(record).length;
    }
    return length;
  }

  /** Baseline: Jackson writing the same values held in a map. */
  @Benchmark
  public int encodeJackson() throws IOException {
    int length = 0;
    for (Map<String, Object> map : maps) {
      length += jackson.writeValueAsBytes(map).length;
    }
    return length;
  }
}
