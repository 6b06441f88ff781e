package io.pinpipe.ingest.emulate;

import io.pinpipe.ingest.PostProducer;
import io.pinpipe.model.Post;
import java.util.concurrent.CompletableFuture;

/** Sends posts with a {@link PostProducer} (not closed by this sink). Thread-safe. */
public final class ProducerSink implements PostSink {
  private final PostProducer producer;

  /** A sink over an open producer. */
  public ProducerSink(PostProducer producer) {
    this.producer = producer;
  }

  @Override
  public CompletableFuture<Void> send(Post post) {
    return producer.send(post).thenApply(receipt -> null);
  }

  @Override
  public void flush() {
    producer.flush();
  }
}
