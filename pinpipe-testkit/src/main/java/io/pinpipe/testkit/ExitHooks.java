package io.pinpipe.testkit;

/**
 * Closes an embedded server when the JVM exits (Ctrl-C, SIGTERM, the end of main), so no broker
 * thread or temporary directory outlives the process. Closing the server first removes its hook.
 */
final class ExitHooks {
  private ExitHooks() {}

  /** Registers {@code server.close()} to run at JVM exit; returns the hook for {@link #remove}. */
  static Thread register(String name, AutoCloseable server) {
    Thread hook = new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        System.err.println("pinpipe: cannot stop " + name + " at exit: " + e.getMessage());
      }
    }, "pinpipe-exit-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** Removes a hook after a normal close; a no-op while the JVM is already exiting. */
  static void remove(Thread hook) {
    if (hook == null || Thread.currentThread() == hook) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException exiting) {
      // the JVM is shutting down: the hook runs (or ran) anyway
    }
  }
}
