package io.pinpipe.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pinpipe} command line. Usage errors print a message and exit 2; failures print one line
 * naming what failed and exit 1 (set {@code PINPIPE_DEBUG=1} for the stack trace).
 */
@Command(
    name = "pinpipe",
    mixinStandardHelpOptions = true,
    versionProvider = PinpipeCli.Version.class,
    description = "Run and inspect the pinpipe event pipeline locally.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      EmulateCommand.class,
      GatewayCommand.class,
      TopicsCommand.class,
      ArchiveCommand.class,
      ArchiveCheckCommand.class,
      CleanCommand.class,
      QueryCommand.class,
      ReportCommand.class,
      VerifyCommand.class,
      KafkaCommand.class,
      S3Command.class,
      CommandLine.HelpCommand.class
    })
public final class PinpipeCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code, without exiting; for tests and embedding. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new PinpipeCli());
    cli.setExecutionExceptionHandler(PinpipeCli::reportFailure);
    return cli.execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  private static int reportFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    err.println("pinpipe " + cli.getCommandName() + ": error: " + e.getMessage());
    if (System.getenv("PINPIPE_DEBUG") != null) {
      org.slf4j.LoggerFactory.getLogger(PinpipeCli.class).error("pinpipe {} failed", cli.getCommandName(), e);
    }
    err.flush();
    return 1;
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PinpipeCli.class.getPackage().getImplementationVersion();
      return new String[] {"pinpipe " + (version == null ? "(development build)" : version)};
    }
  }
}
