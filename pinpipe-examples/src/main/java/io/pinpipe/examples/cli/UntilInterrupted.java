package io.pinpipe.examples.cli;

import java.util.concurrent.CountDownLatch;

/** Blocks the calling thread until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes a resource. */
final class UntilInterrupted {
  private UntilInterrupted() {}

  static void serve(AutoCloseable resource) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              try {
                resource.close();
              } catch (Exception e) {
                System.err.println("pinpipe: error while stopping: " + e.getMessage());
              } finally {
                stopped.countDown();
              }
            },
            "pinpipe-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.out.println("Press Ctrl-C to stop.");
    System.out.flush();
    stopped.await();
  }
}
