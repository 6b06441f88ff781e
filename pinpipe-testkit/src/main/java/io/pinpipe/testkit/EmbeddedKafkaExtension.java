package io.pinpipe.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects an {@link EmbeddedKafka} parameter into tests, lifecycle methods and
 * constructors. One broker (3 partitions per new topic) serves every test class of the test run in
 * this JVM and is closed when the run ends; use distinct topic names per test.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class MyIT {
 *   @Test void sends(EmbeddedKafka kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements ParameterResolver {
  /** Partitions of topics created without a count on the shared broker. */
  public static final int PARTITIONS = 3;

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class))
        .getOrComputeIfAbsent(
            EmbeddedKafka.class,
            key -> EmbeddedKafka.builder().partitions(PARTITIONS).start(),
            EmbeddedKafka.class);
  }
}
