package io.pinpipe.examples.mains;

import io.pinpipe.ingest.emulate.EmulationSummary;
import io.pinpipe.ingest.emulate.Pace;
import io.pinpipe.ingest.emulate.PostingEmulator;
import io.pinpipe.ingest.emulate.RestSink;
import io.pinpipe.ingest.emulate.SyntheticSource;
import io.pinpipe.ingest.rest.RestProxyClient;
import io.pinpipe.model.Topics;
import java.net.URI;

/**
 * The original posting script's job: random posts, one REST request per record, a random sleep
 * between posts. Args: {@code REST_URL PREFIX [POSTS]}, for example {@code
 * https://abc.execute-api.us-east-1.amazonaws.com/prod 0a1d8948160f 100}.
 */
public final class EmulateAgainstRest {
  private EmulateAgainstRest() {}

  /** Entry point. */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: EmulateAgainstRest REST_URL PREFIX [POSTS]");
      System.exit(2);
    }
    Topics topics = Topics.forPrefix(args[1]);
    RestSink sink = new RestSink(RestProxyClient.builder(URI.create(args[0])).build(), topics, 1);
    EmulationSummary summary =
        PostingEmulator.builder(SyntheticSource.withSeed(1), sink, topics)
            .posts(args.length > 2 ? Long.parseLong(args[2]) : 100)
            .pace(Pace.originalRandomSleep())
            .build()
            .run();
    System.out.println(summary);
  }
}
