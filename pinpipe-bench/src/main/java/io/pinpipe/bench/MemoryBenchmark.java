package io.pinpipe.bench;

import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedS3;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The archiver's heap with 1,000 partitions and a 64 MiB memory cap, against the cap: the archiver
 * runs in its own JVM ({@link ArchiverHeapProbe}) with a heap far above the cap, so the figure is what
 * it holds, not what a small heap forced it to give back.
 */
final class MemoryBenchmark {
  private static final int PARTITIONS = 1_000;
  private static final long CAP = 64L << 20;
  private static final int RECORD_BYTES = 10_000;

  private final EmbeddedKafka kafka;

  MemoryBenchmark(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  /** {@code perPartition} records of 10 KB in each of the 1,000 partitions. */
  BenchResult run(int perPartition) throws Exception {
    String topic = "bench-memory.pin";
    kafka.createTopic(topic, PARTITIONS);
    produce(topic, perPartition);
    long records = (long) PARTITIONS * perPartition;
    try (EmbeddedS3 s3 = EmbeddedS3.startWithBucket("bench-memory")) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
          ArchiverHeapProbe.class.getName(), kafka.bootstrapServers(), topic, Long.toString(records), Long.toString(CAP),
          s3.endpoint().toString(), "bench-memory").redirectErrorStream(true);
      builder.environment().put("PINPIPE_S3_ACCESS_KEY", s3.accessKey());
      builder.environment().put("PINPIPE_S3_SECRET_KEY", s3.secretKey());
      long started = System.nanoTime();
      Heap heap = heapFrom(builder.start());
      double seconds = (System.nanoTime() - started) / 1e9;
      double mib = 1 << 20;
      return new BenchResult("memory", heap.peak() / mib, CAP / mib, (CAP + (64L << 20)) / (double) CAP,
          String.format("peak live heap of the archiver, sampled after a full GC every 200 ms (%.0f MiB before it started); %,d records of 10 KB in %,d partitions "
              + "(%,d MB) archived in %.0fs; target cap + 64 MiB", heap.beforeStart() / mib, records, PARTITIONS, records * RECORD_BYTES / 1_000_000, seconds),
          BenchResult.Unit.MIB);
    }
  }

  /** What the probe measured: the largest live heap, and the heap before the archiver started. */
  private record Heap(long peak, long beforeStart) {}

  private static Heap heapFrom(Process probe) throws IOException, InterruptedException {
    List<String> output = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.add(line);
        if (line.startsWith(ArchiverHeapProbe.RESULT_PREFIX)) {
          probe.waitFor(60, TimeUnit.SECONDS);
          String[] figures = line.split(" ");
          return new Heap(Long.parseLong(figures[0].substring(ArchiverHeapProbe.RESULT_PREFIX.length())),
              Long.parseLong(figures[1].substring(ArchiverHeapProbe.BEFORE_PREFIX.length())));
        }
      }
    }
    probe.waitFor(60, TimeUnit.SECONDS);
    throw new IllegalStateException("The archiver probe ended (exit " + probe.exitValue() + ") without a figure:\n"
        + String.join("\n", output.subList(Math.max(0, output.size() - 30), output.size())));
  }

  /** One record per partition per wave, acknowledged before the next: a gentle load for 1,000 new partitions. */
  private void produce(String topic, int perPartition) throws Exception {
    byte[] value = ("{\"pad\":\"" + "m".repeat(RECORD_BYTES - 10) + "\"}").getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (int round = 0; round < perPartition; round++) {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
          acks.add(producer.send(new ProducerRecord<>(topic, p, null, value)));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
          ack.get(60, TimeUnit.SECONDS);
        }
      }
    }
  }
}
