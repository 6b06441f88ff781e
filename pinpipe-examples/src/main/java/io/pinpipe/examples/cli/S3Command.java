package io.pinpipe.examples.cli;

import io.pinpipe.testkit.EmbeddedS3;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pinpipe s3}: a real S3 endpoint (s3proxy) in the foreground until Ctrl-C. */
@Command(
    name = "s3",
    mixinStandardHelpOptions = true,
    description = {
      "Run an embedded S3 server until Ctrl-C.",
      "Listens on 127.0.0.1, for the AWS CLI or your own clients.",
      "Prints the endpoint and the credentials of this throwaway local server."
    })
final class S3Command implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", defaultValue = "9000", description = "port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bucket", paramLabel = "B", defaultValue = "pinpipe", description = "bucket to create (default: ${DEFAULT-VALUE})")
  String bucket;

  @Option(names = "--dir", paramLabel = "DIR", description = "keep objects as files here (default: in memory)")
  Path dir;

  @Override
  public Integer call() throws InterruptedException {
    EmbeddedS3.Builder builder = UsageErrors.check(spec, () -> EmbeddedS3.builder().port(port).bucket(bucket));
    if (dir != null) {
      builder.directory(dir);
    }
    EmbeddedS3 s3 = builder.start();
    System.out.println("S3 endpoint " + s3.endpoint() + " (region " + s3.region() + ", path-style), bucket " + bucket);
    System.out.println("  AWS_ACCESS_KEY_ID=" + s3.accessKey());
    System.out.println("  AWS_SECRET_ACCESS_KEY=" + s3.secretKey());
    System.out.println("  try: aws --endpoint-url " + s3.endpoint() + " s3 ls s3://" + bucket);
    UntilInterrupted.serve(s3);
    return 0;
  }
}
