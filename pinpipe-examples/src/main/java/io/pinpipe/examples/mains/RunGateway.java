package io.pinpipe.examples.mains;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.rest.RestGateway;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the REST Proxy v2 compatible gateway in front of a Kafka cluster until Ctrl-C. Args: {@code
 * BOOTSTRAP [PORT]}; serves under {@code /prod} like the original API Gateway stage.
 */
public final class RunGateway {
  private RunGateway() {}

  /** Entry point. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: RunGateway BOOTSTRAP [PORT]");
      System.exit(2);
    }
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8082;
    RestGateway gateway = RestGateway.builder(ClientProperties.plaintext(args[0])).port(port).basePath("/prod").start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }));
    System.out.println("gateway at " + gateway.uri() + " (Ctrl-C stops it)");
    stopped.await();
  }
}
