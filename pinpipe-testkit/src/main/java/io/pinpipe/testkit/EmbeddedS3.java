package io.pinpipe.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 endpoint (s3proxy) in this JVM on 127.0.0.1, in memory or over a directory, with AWS
 * signature V2/V4 authentication and fresh random credentials.
 *
 * <p>Point the AWS SDK v2 at {@link #endpoint()} with path-style access, {@link #region()} and the
 * credentials; point Spark at {@link #s3aProperties()}. {@link #toString()} never shows the secret.
 * Thread-safe; {@code close()} is idempotent.
 */
public final class EmbeddedS3 implements AutoCloseable {
  /** The region clients should sign for; s3proxy accepts any. */
  public static final String REGION = "us-east-1";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
  private static final Pattern BUCKET = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");

  private final S3Proxy proxy;
  private final BlobStore store;
  private final String accessKey;
  private final String secretKey;
  private final URI endpoint;
  private boolean closed;
  private Thread exitHook;

  private EmbeddedS3(Builder builder) throws Exception {
    this.accessKey = builder.accessKey != null ? builder.accessKey : "pinpipe-" + randomHex(4);
    this.secretKey = builder.secretKey != null ? builder.secretKey : randomHex(20);
    this.store =
        builder.directory == null
            ? new TransientNio2BlobStore()
            : new FilesystemNio2BlobStore(builder.directory.toAbsolutePath().toString());
    int port = builder.port == 0 ? FreePorts.pick() : builder.port;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
    this.proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(endpoint)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Cannot start embedded S3 at " + endpoint + ": state " + proxy.getState());
      }
      Thread.onSpinWait();
    }
    for (String bucket : builder.buckets) {
      createBucket(bucket);
    }
    exitHook = ExitHooks.register("s3", this);
    LOG.info("Embedded S3 serving at {}", endpoint);
  }

  /** A builder with defaults: in memory, a free port, no buckets. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts an in-memory server with one bucket. */
  public static EmbeddedS3 startWithBucket(String bucket) {
    return builder().bucket(bucket).start();
  }

  /** The endpoint, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region to sign requests for. */
  public String region() {
    return REGION;
  }

  /** The access key id clients sign with. */
  public String accessKey() {
    return accessKey;
  }

  /** The secret key clients sign with; never logged by this class. */
  public String secretKey() {
    return secretKey;
  }

  /**
   * Creates a bucket if it does not exist.
   *
   * @throws IllegalArgumentException for a name that breaks S3's bucket naming rules
   */
  public void createBucket(String bucket) {
    checkBucket(bucket);
    if (!store.containerExists(bucket)) {
      store.createContainer(bucket);
    }
  }

  /**
   * Hadoop S3A settings that reach this server: endpoint, region, path-style access, no TLS and the
   * credentials. Keys are without a {@code spark.hadoop.} prefix.
   */
  public Map<String, String> s3aProperties() {
    return Map.of(
        "fs.s3a.endpoint", endpoint.toString(),
        "fs.s3a.endpoint.region", REGION,
        "fs.s3a.path.style.access", "true",
        "fs.s3a.connection.ssl.enabled", "false",
        "fs.s3a.access.key", accessKey,
        "fs.s3a.secret.key", secretKey,
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
  }

  /** Stops the server; in-memory data is gone after this. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ExitHooks.remove(exitHook);
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop embedded S3 at " + endpoint, e);
    }
    LOG.info("Embedded S3 at {} stopped", endpoint);
  }

  @Override
  public String toString() {
    return "EmbeddedS3[" + endpoint + ", accessKey=" + accessKey + ", secretKey=****]";
  }

  private static String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return HexFormat.of().formatHex(value);
  }

  static String checkBucket(String bucket) {
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException(
          "Cannot use bucket name "
              + (bucket == null ? "null" : "'" + bucket.replaceAll("[^\\x20-\\x7e]", "?") + "'")
              + ": 3..63 characters of [a-z0-9.-], starting and ending with a letter or digit");
    }
    return bucket;
  }

  /** Configures an {@link EmbeddedS3}; not thread-safe. */
  public static final class Builder {
    private int port;
    private Path directory;
    private String accessKey;
    private String secretKey;
    private final Set<String> buckets = new LinkedHashSet<>();

    private Builder() {}

    /** The port on 127.0.0.1; 0 (default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Cannot use port " + port + ": must be 0..65535");
      }
      this.port = port;
      return this;
    }

    /** Keep objects as files under {@code directory} (kept after close) instead of in memory. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Fixed credentials instead of fresh random ones, for scripts that restart the server.
     *
     * @throws IllegalArgumentException if either is blank or the secret is shorter than 8 characters
     */
    public Builder credentials(String accessKey, String secretKey) {
      if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.length() < 8) {
        throw new IllegalArgumentException(
            "Cannot use these S3 credentials: access key must not be blank, secret key needs 8+ characters");
      }
      this.accessKey = accessKey;
      this.secretKey = secretKey;
      return this;
    }

    /** A bucket to create at start; may be called several times. */
    public Builder bucket(String bucket) {
      buckets.add(checkBucket(bucket));
      return this;
    }

    /** Starts the server; blocks until it serves. */
    public EmbeddedS3 start() {
      try {
        return new EmbeddedS3(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start embedded S3: " + e.getMessage(), e);
      }
    }
  }
}
