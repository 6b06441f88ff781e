/**
 * Small runnable mains, one per way of using pinpipe, each the shortest real program for its job:
 * {@link io.pinpipe.examples.mains.ProduceToMsk}, {@link io.pinpipe.examples.mains.RunGateway},
 * {@link io.pinpipe.examples.mains.EmulateAgainstRest}, {@link io.pinpipe.examples.mains.ArchiveToS3},
 * {@link io.pinpipe.examples.mains.CleanOnSpark} and {@link io.pinpipe.examples.mains.QueryTables}.
 * Run one with {@code java -cp "pinpipe-examples/target/*:pinpipe-examples/target/lib/*" <class> ARGS}
 * (add Spark's JVM flags for the Spark ones, see bin/jvm-opens.sh).
 */
package io.pinpipe.examples.mains;
