/**
 * Real servers in process for tests, demos and users' own tests: {@link io.pinpipe.testkit.EmbeddedKafka}
 * (a KRaft broker) and {@link io.pinpipe.testkit.EmbeddedS3} (s3proxy), each {@code AutoCloseable}, with
 * JUnit 5 extensions that share one instance per test JVM. Everything listens on 127.0.0.1 only.
 */
package io.pinpipe.testkit;
