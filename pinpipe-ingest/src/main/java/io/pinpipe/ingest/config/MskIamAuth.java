package io.pinpipe.ingest.config;

/**
 * Where MSK IAM authentication takes its AWS credentials from: the default credential chain, a named
 * profile, or a role to assume. Produces the {@code sasl.jaas.config} value of the aws-msk-iam-auth
 * documentation. None of these values is a secret, but the JAAS string is redacted anyway.
 */
public sealed interface MskIamAuth {
  /** The JAAS line for {@code sasl.jaas.config}. */
  String jaasConfig();

  /** The default credential chain (environment, profile file, container, instance profile). */
  static MskIamAuth defaultChain() {
    return new DefaultChain();
  }

  /** A named profile of the AWS credentials file. */
  static MskIamAuth profile(String profileName) {
    return new Profile(profileName);
  }

  /** Assume a role; {@code sessionName} may be null. */
  static MskIamAuth role(String roleArn, String sessionName) {
    return new Role(roleArn, sessionName);
  }

  /** The default chain. */
  record DefaultChain() implements MskIamAuth {
    @Override
    public String jaasConfig() {
      return ClientProperties.MSK_IAM_LOGIN_MODULE + " required;";
    }
  }

  /**
   * A named profile.
   *
   * @param name profile name
   */
  record Profile(String name) implements MskIamAuth {
    /** Rejects empty names and quotes. */
    public Profile {
      ClientProperties.jaasValue("AWS profile name", name);
    }

    @Override
    public String jaasConfig() {
      return ClientProperties.MSK_IAM_LOGIN_MODULE + " required awsProfileName=\"" + name + "\";";
    }
  }

  /**
   * A role to assume.
   *
   * @param arn role ARN, {@code arn:aws:iam::<account>:role/<name>}
   * @param sessionName session name, or null
   */
  record Role(String arn, String sessionName) implements MskIamAuth {
    /** Checks the ARN's shape and the session name's characters. */
    public Role {
      if (arn == null || !arn.matches("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+")) {
        throw new IllegalArgumentException(
            "Cannot use role ARN " + io.pinpipe.model.Names.quote(arn) + ": expected arn:aws:iam::<12 digits>:role/<name>");
      }
      if (sessionName != null) {
        ClientProperties.jaasValue("role session name", sessionName);
      }
    }

    @Override
    public String jaasConfig() {
      return ClientProperties.MSK_IAM_LOGIN_MODULE
          + " required awsRoleArn=\""
          + arn
          + "\""
          + (sessionName == null ? "" : " awsRoleSessionName=\"" + sessionName + "\"")
          + ";";
    }
  }
}
