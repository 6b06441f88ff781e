package io.pinpipe.examples.cli;

import io.pinpipe.storage.Keys;
import io.pinpipe.storage.ObjectStore;
import io.pinpipe.storage.local.LocalDirectoryStore;
import io.pinpipe.storage.s3.S3ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where an archive lives: {@code s3://BUCKET[/ROOT]} (credentials from the AWS default chain, e.g.
 * AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY) or {@code file:DIR}.
 */
final class StoreOptions {
  @Option(names = "--store", paramLabel = "s3://BUCKET[/ROOT]|file:DIR", required = true, description = "archive location")
  String store;

  @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint (path-style), e.g. http://127.0.0.1:9000")
  URI endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION", defaultValue = "us-east-1", description = "S3 region (default: ${DEFAULT-VALUE})")
  String region;

  /** The store and root these options name; a bad value is an IllegalArgumentException. */
  Opened open() {
    if (store.startsWith("s3://")) {
      String rest = store.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String root = Keys.checkRoot(slash < 0 ? "" : rest.substring(slash + 1));
      S3ObjectStore.Builder builder = S3ObjectStore.builder(bucket).region(region);
      if (endpoint != null) {
        builder.endpoint(endpoint);
      }
      return new Opened(builder.build(), root);
    }
    if (store.startsWith("file:")) {
      return new Opened(LocalDirectoryStore.open(Path.of(store.substring(5))), "");
    }
    throw new IllegalArgumentException("Invalid value for option '--store': expected s3://BUCKET[/ROOT] or file:DIR");
  }

  /** An open store and the archive root in it. */
  record Opened(ObjectStore store, String root) {}
}
