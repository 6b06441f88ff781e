package io.pinpipe.ingest.emulate;

import io.pinpipe.ingest.rest.RestProxyClient;
import io.pinpipe.ingest.rest.RestRecord;
import io.pinpipe.model.Post;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Posts to a REST Proxy in the original client's shape ({@code {"records":[{"value":{...}}]}}, JSON
 * embedded format), keyed by {@code ind} like the producer. With a batch of 1 every record is its own
 * request, exactly as the original; larger batches post several posts' records per request and topic.
 * Not thread-safe: one emulator thread uses it.
 */
public final class RestSink implements PostSink {
  private final RestProxyClient client;
  private final Topics topics;
  private final int batchPosts;
  private final JsonCodec codec = JsonCodec.standard();
  private final List<Post> buffer = new ArrayList<>();
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();

  /**
   * @param client the proxy client
   * @param topics where the records go
   * @param batchPosts posts per request (1 = the original client's behaviour)
   */
  public RestSink(RestProxyClient client, Topics topics, int batchPosts) {
    if (batchPosts < 1) {
      throw new IllegalArgumentException("Cannot batch " + batchPosts + " posts: at least 1");
    }
    this.client = client;
    this.topics = topics;
    this.batchPosts = batchPosts;
  }

  @Override
  public CompletableFuture<Void> send(Post post) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    buffer.add(post);
    pending.add(done);
    if (buffer.size() >= batchPosts) {
      flush();
    }
    return done;
  }

  @Override
  public void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    try {
      for (RecordType type : RecordType.values()) {
        List<RestRecord> records = new ArrayList<>(buffer.size());
        for (Post post : buffer) {
          records.add(new RestRecord(Integer.toString(post.ind()).getBytes(StandardCharsets.US_ASCII),
              codec.encode(post.record(type))));
        }
        client.post(topics.topic(type), records);
      }
      pending.forEach(done -> done.complete(null));
    } catch (RuntimeException e) {
      pending.forEach(done -> done.completeExceptionally(e));
    } finally {
      buffer.clear();
      pending.clear();
    }
  }
}
