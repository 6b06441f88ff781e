package io.pinpipe.examples.cli;

import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.config.MskIamAuth;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: bootstrap servers plus plaintext, a client.properties file, or MSK IAM.
 * Secrets come from files or the environment, never from the command line.
 */
final class KafkaOptions {
  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
  String bootstrap;

  @Option(names = "--client-config", paramLabel = "FILE", description = "client.properties with security settings (as the original setup used)")
  Path clientConfig;

  @Option(names = "--msk-iam", description = "authenticate to AWS MSK with IAM (SASL_SSL, AWS_MSK_IAM)")
  boolean mskIam;

  @Option(names = "--aws-profile", paramLabel = "NAME", description = "with --msk-iam: credentials profile to use")
  String awsProfile;

  @Option(names = "--aws-role-arn", paramLabel = "ARN", description = "with --msk-iam: role to assume")
  String awsRoleArn;

  /** Whether --bootstrap was given. */
  boolean given() {
    return bootstrap != null;
  }

  /** The client properties these options describe; a usage problem is an IllegalArgumentException. */
  ClientProperties clientProperties() {
    if (bootstrap == null) {
      throw new IllegalArgumentException("Missing required option: '--bootstrap=HOST:PORT'");
    }
    if (awsProfile != null && awsRoleArn != null) {
      throw new IllegalArgumentException("Cannot use both --aws-profile and --aws-role-arn: pick one");
    }
    if (!mskIam && (awsProfile != null || awsRoleArn != null)) {
      throw new IllegalArgumentException("--aws-profile and --aws-role-arn need --msk-iam");
    }
    ClientProperties base;
    if (mskIam) {
      MskIamAuth auth = awsProfile != null ? MskIamAuth.profile(awsProfile)
          : awsRoleArn != null ? MskIamAuth.role(awsRoleArn, "pinpipe") : MskIamAuth.defaultChain();
      base = ClientProperties.mskIam(bootstrap, auth);
    } else {
      base = ClientProperties.plaintext(bootstrap);
    }
    return clientConfig == null ? base : ClientProperties.load(clientConfig).withAll(base.asMap());
  }
}
