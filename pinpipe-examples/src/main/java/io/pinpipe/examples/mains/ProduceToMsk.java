package io.pinpipe.examples.mains;

import io.pinpipe.ingest.PostProducer;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.config.MskIamAuth;
import io.pinpipe.model.Topics;
import io.pinpipe.model.generate.PostGenerator;

/**
 * Produces generated posts to an MSK cluster with IAM auth (credentials from the default AWS chain).
 * Args: {@code BOOTSTRAP PREFIX [POSTS]}, for example {@code b-1.x.kafka.eu-west-1.amazonaws.com:9098
 * 0a1d8948160f 1000}. With a plain local broker, use {@code ClientProperties.plaintext} instead.
 */
public final class ProduceToMsk {
  private ProduceToMsk() {}

  /** Entry point. */
  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: ProduceToMsk BOOTSTRAP PREFIX [POSTS]");
      System.exit(2);
    }
    ClientProperties client = ClientProperties.mskIam(args[0], MskIamAuth.defaultChain());
    long posts = args.length > 2 ? Long.parseLong(args[2]) : 1_000;
    try (PostProducer producer = PostProducer.builder(Topics.forPrefix(args[1]), client).build()) {
      PostGenerator.withSeed(1).posts(posts).forEach(producer::send);
      producer.flush();
      System.out.println("sent " + posts + " posts: " + producer.counters());
    }
  }
}
