package io.pinpipe.bench;

import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.LocalSpark;
import io.pinpipe.testkit.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the benchmarks and prints one ratio line each, then a summary. {@code --size F} scales every
 * workload (default 1: a few minutes on 2 cores); {@code --only NAME} runs one benchmark.
 */
public final class BenchMain {
  private BenchMain() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    double size = 1;
    String only = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--size" -> size = Double.parseDouble(args[++i]);
        case "--only" -> only = args[++i];
        default -> {
          System.err.println("usage: pinpipe-bench [--size F] [--only codec|producer|gateway|archiver|memory|spark|end-to-end]");
          System.exit(2);
        }
      }
    }
    System.out.printf(Locale.ROOT, "pinpipe benchmarks: %d cores, max heap %d MiB, Java %s, size %.2f%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"), size);
    List<BenchResult> results = new ArrayList<>();
    if (only == null || only.equals("codec")) {
      for (BenchResult result : codec()) {
        results.add(print(result));
      }
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(3).start()) {
      IngestBenchmarks ingest = new IngestBenchmarks(kafka);
      if (only == null || only.equals("producer")) {
        results.add(print(ingest.producer((long) (200_000 * size))));
      }
      if (only == null || only.equals("gateway")) {
        results.add(print(ingest.gateway((long) (500_000 * size))));
      }
      if (only == null || only.startsWith("archiver")) {
        for (BenchResult result : new ArchiveBenchmarks(kafka).archiver((long) (300_000 * size))) {
          results.add(print(result));
        }
      }
      if (only == null || only.equals("memory")) {
        results.add(print(new MemoryBenchmark(kafka).run((int) Math.max(1, 20 * size))));
      }
    }
    boolean sparkGroup = only == null || only.equals("spark");
    boolean endToEnd = only == null || only.equals("end-to-end");
    if (sparkGroup || endToEnd) {
      Path work = Files.createTempDirectory("pinpipe-bench-spark");
      SparkSession spark = LocalSpark.builder().start();
      try {
        SparkBenchmarks stages = new SparkBenchmarks(spark, work);
        if (sparkGroup) {
          for (BenchResult result : stages.run((long) (1_000_000 * size), true)) {
            results.add(print(result));
          }
        }
        if (endToEnd) {
          results.add(print(new EndToEndBenchmark(spark, stages, work).run((long) (1_000_000 * size))));
        }
      } finally {
        spark.stop();
        TempDirs.deleteTree(work);
      }
    }
    long missed = results.stream().filter(r -> !r.pass()).count();
    long reported = results.stream().filter(BenchResult::reported).count();
    System.out.printf("summary: %d benchmarks, %d PASS, %d MISS, %d REPORTED%n", results.size(),
        results.size() - missed - reported, missed, reported);
  }

  /** The JMH codec benchmarks: one fork, 2 warm-up and 3 measured iterations of 2 s each. */
  private static List<BenchResult> codec() throws RunnerException {
    Options options = new OptionsBuilder().include(CodecBenchmarks.class.getName()).forks(1)
        .warmupIterations(2).warmupTime(TimeValue.seconds(2)).measurementIterations(3).measurementTime(TimeValue.seconds(2))
        .jvmArgsAppend("-Xmx1g").verbosity(VerboseMode.SILENT).build();
    Map<String, Double> score = new java.util.HashMap<>();
    for (RunResult run : new Runner(options).run()) {
      String method = run.getParams().getBenchmark();
      score.put(method.substring(method.lastIndexOf('.') + 1), run.getPrimaryResult().getScore() * 300);
    }
    return List.of(
        new BenchResult("codec-decode", score.get("decodeOurs"), score.get("decodeJackson"), 1.0, "records/s; JMH, baseline Jackson readTree"),
        new BenchResult("codec-encode", score.get("encodeOurs"), score.get("encodeJackson"), 1.0, "records/s; JMH, baseline Jackson writeValueAsBytes of a Map"));
  }

  private static BenchResult print(BenchResult result) {
    System.out.println(result.line());
    return result;
  }
}
