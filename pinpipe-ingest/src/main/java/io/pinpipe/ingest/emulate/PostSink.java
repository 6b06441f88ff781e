package io.pinpipe.ingest.emulate;

import io.pinpipe.model.Post;
import java.util.concurrent.CompletableFuture;

/** Where the emulator sends posts: the Kafka producer or a REST Proxy. */
public interface PostSink {
  /**
   * Sends a post (possibly buffered until {@link #flush()}).
   *
   * @return completes when the post's three records are stored, or exceptionally with the reason
   */
  CompletableFuture<Void> send(Post post);

  /** Sends anything buffered and waits for it. */
  void flush();
}
