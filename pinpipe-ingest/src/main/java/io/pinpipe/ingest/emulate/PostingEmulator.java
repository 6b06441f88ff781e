package io.pinpipe.ingest.emulate;

import io.pinpipe.model.Post;
import io.pinpipe.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Reproduces the original {@code user_posting_emulation.py}: picks a random row index with
 * replacement, reads the pin, geo and user rows at that index from a {@link PostSource} and sends the
 * triple through a {@link PostSink}, paced by a {@link Pace}, until a post count or a duration is
 * reached. A bad row or a failed send is counted and reported and the run goes on. Memory does not
 * grow with the number of posts. Not thread-safe; {@link #run()} may be called again.
 */
public final class PostingEmulator {
  private static final int MAX_FAILURE_MESSAGES = 10;

  private final PostSource source;
  private final PostSink sink;
  private final Topics topics;
  private final long posts;
  private final Duration duration;
  private final long seed;
  private final Pace pace;
  private final LongConsumer progress;

  private PostingEmulator(Builder builder) {
    this.source = builder.source;
    this.sink = builder.sink;
    this.topics = builder.topics;
    this.posts = builder.posts;
    this.duration = builder.duration;
    this.seed = builder.seed;
    this.pace = builder.pace;
    this.progress = builder.progress;
  }

  /** A builder sending rows of {@code source} through {@code sink} to {@code topics}. */
  public static Builder builder(PostSource source, PostSink sink, Topics topics) {
    return new Builder(source, sink, topics);
  }

  /**
   * Runs until the post count or the duration is reached, then flushes the sink and waits for every
   * outstanding post.
   *
   * @throws IllegalStateException if the source has no rows
   */
  public EmulationSummary run() {
    int rows = source.rows();
    if (rows < 1) {
      throw new IllegalStateException("Cannot emulate posts: " + source.describe() + " has no rows");
    }
    SplittableRandom random = new SplittableRandom(seed);
    SplittableRandom pauses = random.split();
    AtomicLong posted = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong outstanding = new AtomicLong();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    long started = System.nanoTime();
    long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
    Duration due = Duration.ZERO;
    long attempted = 0;
    while (attempted < posts && System.nanoTime() < deadline) {
      due = Pace.due(pace, attempted, due, pauses);
      waitUntil(started + due.toNanos(), deadline);
      if (System.nanoTime() >= deadline) {
        break;
      }
      int index = random.nextInt(rows);
      attempted++;
      Post post;
      try {
        post = source.row(index);
      } catch (SourceRowException e) {
        failed.incrementAndGet();
        note(failures, e.getMessage());
        continue;
      }
      outstanding.incrementAndGet();
      CompletableFuture<Void> sent;
      try {
        sent = sink.send(post);
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete((ok, error) -> {
        if (error == null) {
          posted.incrementAndGet();
        } else {
          failed.incrementAndGet();
          note(failures, rootMessage(error));
        }
        outstanding.decrementAndGet();
      });
      if (attempted % 500 == 0) {
        progress.accept(attempted);
      }
    }
    sink.flush();
    while (outstanding.get() > 0) {
      LockSupport.parkNanos(1_000_000);
    }
    progress.accept(attempted);
    Map<String, Long> perTopic = new LinkedHashMap<>();
    topics.all().forEach(topic -> perTopic.put(topic, posted.get()));
    return new EmulationSummary(posted.get(), failed.get(), perTopic, Duration.ofNanos(System.nanoTime() - started),
        new ArrayList<>(failures));
  }

  private static void waitUntil(long dueNanos, long deadline) {
    long until = Math.min(dueNanos, deadline);
    for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private static void note(List<String> failures, String message) {
    if (failures.size() < MAX_FAILURE_MESSAGES) {
      failures.add(message);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause.getMessage();
  }

  /** Configures a {@link PostingEmulator}; not thread-safe. */
  public static final class Builder {
    private final PostSource source;
    private final PostSink sink;
    private final Topics topics;
    private long posts = Long.MAX_VALUE;
    private Duration duration;
    private long seed = 1;
    private Pace pace = Pace.unlimited();
    private LongConsumer progress = n -> {};

    private Builder(PostSource source, PostSink sink, Topics topics) {
      this.source = Objects.requireNonNull(source, "source");
      this.sink = Objects.requireNonNull(sink, "sink");
      this.topics = Objects.requireNonNull(topics, "topics");
    }

    /** Stop after this many posts. */
    public Builder posts(long posts) {
      if (posts < 0) {
        throw new IllegalArgumentException("Cannot emulate " + posts + " posts: must be >= 0");
      }
      this.posts = posts;
      return this;
    }

    /** Stop after this long. */
    public Builder duration(Duration duration) {
      if (duration == null || duration.isNegative()) {
        throw new IllegalArgumentException("Cannot run for " + duration + ": must be zero or positive");
      }
      this.duration = duration;
      return this;
    }

    /** Seed of the row draws and pauses (default 1). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How fast to post (default unlimited). */
    public Builder pace(Pace pace) {
      this.pace = Objects.requireNonNull(pace, "pace");
      return this;
    }

    /** Called with the number of posts attempted so far, every 500 posts and at the end. */
    public Builder progress(LongConsumer progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * Builds the emulator.
     *
     * @throws IllegalStateException when neither a post count nor a duration is set
     */
    public PostingEmulator build() {
      if (posts == Long.MAX_VALUE && duration == null) {
        throw new IllegalStateException("Cannot build an emulator that never stops: set posts or a duration");
      }
      return new PostingEmulator(this);
    }
  }
}
