package io.pinpipe.storage.s3;

import io.pinpipe.model.Backoff;
import io.pinpipe.storage.Keys;
import io.pinpipe.storage.ObjectExistsException;
import io.pinpipe.storage.ObjectStore;
import io.pinpipe.storage.StorageException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ObjectStore} on Amazon S3 or any S3-compatible endpoint (s3proxy, MinIO) with the AWS SDK
 * v2: default credential chain unless static keys are given, endpoint override with path-style
 * access, the SDK's standard retries with backoff on 5xx and SlowDown (10 attempts) within a bounded
 * {@link Builder#callTimeout}, and multipart upload above {@link Builder#partSize} (aborted on failure,
 * so no partial object is ever visible). Creates are conditional ({@code If-None-Match: *} on PutObject
 * and CompleteMultipartUpload): an existing object is never replaced, a 412 becomes {@link
 * ObjectExistsException}, and a 409 (a concurrent conditional create) is retried.
 * Thread-safe; close it to release connections.
 */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client s3;
  private final String bucket;
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);
  private static final int CONFLICT_ATTEMPTS = 5;

  private final int partSize;
  private final boolean conditional;

  private S3ObjectStore(Builder builder) {
    this.bucket = builder.bucket;
    this.partSize = builder.partSize;
    this.conditional = builder.conditionalWrites;
    S3ClientBuilder client = S3Client.builder()
        .region(Region.of(builder.region))
        .credentialsProvider(builder.credentials)
        .httpClientBuilder(Apache5HttpClient.builder().maxConnections(builder.maxConnections))
        .overrideConfiguration(o -> o.retryStrategy(
            software.amazon.awssdk.retries.StandardRetryStrategy.builder().maxAttempts(10).build())
            .apiCallTimeout(builder.callTimeout));
    if (builder.endpoint != null) {
      client.endpointOverride(builder.endpoint).forcePathStyle(true);
    }
    this.s3 = client.build();
  }

  /** A builder for a store in {@code bucket}. */
  public static Builder builder(String bucket) {
    return new Builder(bucket);
  }

  @Override
  public void create(String key, byte[] content, Map<String, String> metadata) {
    Keys.checkKey(key);
    Backoff conflictBackoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    for (int attempt = 1; ; attempt++) {
      try {
        if (content.length <= partSize) {
          // the content is ours and unchanged during the call: stream it instead of letting the SDK copy it
          s3.putObject(b -> b.bucket(bucket).key(key).metadata(metadata).ifNoneMatch(conditional ? "*" : null),
              RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(content), content.length, "application/json"));
        } else {
          putMultipart(key, content, metadata);
        }
        return;
      } catch (S3Exception e) {
        if (e.statusCode() == 412) { // PreconditionFailed: If-None-Match: * found an object at the key
          throw new ObjectExistsException("s3://" + bucket + "/" + key, e);
        }
        if (e.statusCode() == 409 && attempt < CONFLICT_ATTEMPTS) {
          // ConditionalRequestConflict: another conditional create of this key is in flight; S3 says retry
          // (a multipart upload was aborted above and starts over), and the retry wins or gets 412
          Duration wait = conflictBackoff.next();
          LOG.info("Create of s3://{}/{} met a concurrent create (409), retrying in {} ms", bucket, key, wait.toMillis());
          sleep(wait, key);
          continue;
        }
        throw new StorageException("Cannot put s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
      } catch (SdkException e) {
        throw new StorageException("Cannot put s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
      }
    }
  }

  private static void sleep(Duration wait, String key) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("Cannot put " + key + ": interrupted", e);
    }
  }

  private void putMultipart(String key, byte[] content, Map<String, String> metadata) {
    if (conditional) {
      // an early answer only (it saves uploading the parts for nothing); the completion below is the guarantee
      HeadObjectResponse existing = headOrNull(key);
      if (existing != null) {
        throw new ObjectExistsException("s3://" + bucket + "/" + key, null);
      }
    }
    String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata)).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (int offset = 0, number = 1; offset < content.length; offset += partSize, number++) {
        int length = Math.min(partSize, content.length - offset);
        int part = number;
        int from = offset;
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(part),
            RequestBody.fromContentProvider(() -> new java.io.ByteArrayInputStream(content, from, length), length,
                "application/octet-stream")).eTag();
        parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
      }
      s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))
          .ifNoneMatch(conditional ? "*" : null));
    } catch (SdkException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException abortFailure) {
        e.addSuppressed(abortFailure);
      }
      throw e;
    }
  }

  private HeadObjectResponse headOrNull(String key) {
    try {
      return s3.headObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public List<String> list(String prefix) {
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build()).contents()) {
        keys.add(object.key());
      }
    } catch (SdkException e) {
      throw new StorageException("Cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public Optional<Map<String, String>> metadata(String key) {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
      return Optional.of(head.metadata());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw new StorageException("Cannot head s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new StorageException("Cannot head s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    } catch (SdkException e) {
      throw new StorageException("Cannot get s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  @Override
  public String toString() {
    return "S3ObjectStore[s3://" + bucket + "]";
  }

  /** Configures an {@link S3ObjectStore}; not thread-safe. */
  public static final class Builder {
    private final String bucket;
    private String region = "us-east-1";
    private URI endpoint;
    private AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    private int partSize = 16 * 1024 * 1024;
    private int maxConnections = 32;
    private boolean conditionalWrites = true;
    private Duration callTimeout = Duration.ofSeconds(60);

    private Builder(String bucket) {
      if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]") || bucket.contains("..")) {
        throw new IllegalArgumentException("Cannot use bucket " + io.pinpipe.model.Names.quote(bucket)
            + ": 3..63 characters of [a-z0-9.-], starting and ending with a letter or digit");
      }
      this.bucket = bucket;
    }

    /** The region (default us-east-1). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** An S3-compatible endpoint such as {@code http://127.0.0.1:9000}; turns on path-style access. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Static credentials instead of the default chain. Never logged or shown. */
    public Builder credentials(String accessKey, String secretKey) {
      this.credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
      return this;
    }

    /** Objects larger than this go up in parts of this size (default 16 MiB, at least 5 MiB as S3 needs). */
    public Builder partSize(int bytes) {
      if (bytes < 5 * 1024 * 1024) {
        throw new IllegalArgumentException("Cannot use part size " + bytes + ": S3 needs at least 5 MiB");
      }
      this.partSize = bytes;
      return this;
    }

    /** HTTP connections to keep (default 32). */
    public Builder maxConnections(int connections) {
      this.maxConnections = Math.max(1, connections);
      return this;
    }

    /**
     * Whether creates carry {@code If-None-Match: *} (default true, as SPEC section 3 requires). Off only
     * to measure what the condition costs, or for an S3-compatible store that rejects the header.
     */
    public Builder conditionalWrites(boolean enabled) {
      this.conditionalWrites = enabled;
      return this;
    }

    /**
     * The longest one store call may take, the SDK's own retries included (default 60 s), so a hung
     * connection fails the call instead of stalling the caller.
     */
    public Builder callTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("Cannot use call timeout " + timeout + ": it must be positive");
      }
      this.callTimeout = timeout;
      return this;
    }

    /** Builds the store; nothing is contacted yet. */
    public S3ObjectStore build() {
      return new S3ObjectStore(this);
    }
  }
}
