package io.pinpipe.examples.cli;

import io.pinpipe.model.InvalidNameException;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Turns validation failures of option values into picocli usage errors (message, usage, exit 2). */
final class UsageErrors {
  private UsageErrors() {}

  /** Builds a value from options; a rejected value becomes a usage error naming it. */
  static <T> T check(CommandSpec spec, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException | InvalidNameException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Fails with a usage error unless the condition holds. */
  static void require(CommandSpec spec, boolean condition, String message) {
    if (!condition) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }
}
