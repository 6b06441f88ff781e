package io.pinpipe.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects an {@link EmbeddedS3} parameter into tests, lifecycle methods and
 * constructors. One in-memory server with the bucket {@value #BUCKET} serves every test class of the
 * test run in this JVM and is closed when the run ends; use distinct key prefixes or buckets per test.
 */
public final class EmbeddedS3Extension implements ParameterResolver {
  /** The bucket the shared server starts with. */
  public static final String BUCKET = "pinpipe-test";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedS3.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(EmbeddedS3Extension.class))
        .getOrComputeIfAbsent(EmbeddedS3.class, key -> EmbeddedS3.startWithBucket(BUCKET), EmbeddedS3.class);
  }
}
