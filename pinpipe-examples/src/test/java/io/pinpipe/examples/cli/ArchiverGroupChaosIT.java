package io.pinpipe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.model.Topics;
import io.pinpipe.storage.ArchiveArea;
import io.pinpipe.storage.ArchiveReader;
import io.pinpipe.storage.PartitionCheck;
import io.pinpipe.storage.StoredRange;
import io.pinpipe.storage.s3.S3ObjectStore;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import io.pinpipe.testkit.EmbeddedS3;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 15, first "Must show": three {@code pinpipe archive} processes (real JVMs through {@code
 * bin/pinpipe}) in one group on six partitions of a transactional stream, against a real broker and a
 * real s3proxy, through production dynamics: rolling SIGKILL and restart of each archiver (six kills), one
 * archiver SIGSTOPped past its session timeout while it holds buffered records and then SIGCONTed (a
 * zombie with a stale buffer), S3 unreachable for longer than the SDK's and the writer's retries, and
 * a transactional producer aborting every fourth transaction throughout. Then {@code archive-check}
 * and {@code verify} exit 0, the archive holds every committed record once and in order and no aborted
 * one; after one object is deleted with the AWS SDK, {@code verify} exits 1 and names its partition
 * and offsets.
 *
 * <p>The archivers get {@code --client-config} with the broker's minimum session timeout (6 s) and the
 * round-robin assignor, and rotate every 3 s of record time, so under the steady stream every open
 * object is non-empty when the frozen archiver stops (it is frozen only once its log shows it archiving
 * the partitions it holds). The only fake is {@link S3Gate}, a TCP gate in front of s3proxy that resets
 * every connection while "down". The archivers' logs stay in {@code target/archiver-group-chaos}.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ArchiverGroupChaosIT {
  private static final String PREFIX = "chaos";
  private static final String GROUP = "chaos-archivers";
  private static final String BUCKET = "chaos-bucket";
  private static final String ROOT = "arch";
  private static final int PARTITIONS = 2;
  /** Only aborted records carry it; no archived line may. */
  private static final String ABORTED = "ABORTED-RECORD-MUST-NOT-BE-ARCHIVED";
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+),");
  private static final Path LAUNCHER = Path.of("..", "bin", "pinpipe").toAbsolutePath().normalize();
  /**
   * Longer than one S3 call can retry: S3ObjectStore's SDK client makes 10 attempts with full-jitter
   * exponential backoff (100 ms base, 20 s cap), at most 0.1 + 0.2 + ... + 12.8 + 20 = 45.5 s of waits.
   */
  private static final Duration OUTAGE = Duration.ofSeconds(50);
  private static final Pattern STATUS = Pattern.compile("archived ([\\d,]+) records");

  private final List<Process> live = new CopyOnWriteArrayList<>();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void threeArchiversSurviveKillsAFrozenMemberAndALongOutageOnATransactionalStream(EmbeddedKafka kafka) throws Exception {
    long began = System.nanoTime();
    Path logs = Files.createDirectories(Path.of("target", "archiver-group-chaos").toAbsolutePath());
    try (Stream<Path> old = Files.list(logs)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    Topics topics = Topics.forPrefix(PREFIX);
    List<String> names = topics.all();
    for (String topic : names) {
      kafka.createTopic(topic, PARTITIONS);
    }
    Path clientConfig = logs.resolve("client.properties");
    // a frozen or killed member leaves the group when its session times out: the broker's minimum.
    // No assignor is set: the archiver's default (round robin) must give each of the three members
    // partitions (Kafka's range assignor, topic by topic, leaves one idle).
    Files.writeString(clientConfig, "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
    Path logConfig = logs.resolve("log4j2.xml");
    Files.writeString(logConfig, """
        <?xml version="1.0" encoding="UTF-8"?>
        <Configuration status="WARN">
          <Appenders><Console name="err" target="SYSTEM_ERR"><PatternLayout pattern="%d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n"/></Console></Appenders>
          <Loggers>
            <Logger name="io.pinpipe" level="INFO"/>
            <Logger name="org.apache.kafka.clients.NetworkClient" level="ERROR"/>
            <Root level="WARN"><AppenderRef ref="err"/></Root>
          </Loggers>
        </Configuration>
        """);

    try (EmbeddedS3 s3 = EmbeddedS3.builder().bucket(BUCKET).start();
        S3Gate gate = new S3Gate(s3.endpoint().getPort());
        Admin admin = Admin.create(kafka.clientProperties())) {
      ChaosProducer producer = new ChaosProducer(kafka, names);
      Archivers archivers = new Archivers(kafka, s3, gate, clientConfig, logConfig, logs);
      try {
        producer.start();
        for (int i = 0; i < 3; i++) {
          archivers.start(i);
        }
        try (S3ObjectStore store = directStore(s3)) {
          ArchiveReader reader = new ArchiveReader(store, ROOT);
          await(() -> objects(reader, names) >= 2 * names.size() * PARTITIONS, Duration.ofSeconds(60), "first objects from all three");
        }
        mark(began, "archiving under way");

        // 1. Rolling SIGKILL and restart of each archiver in turn, two rounds (no shutdown hook, no final
        // upload; a killed member holds its partitions until its session times out).
        for (int kill = 0; kill < 6; kill++) {
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(kill % 2 == 0 ? 3_000 : 3_500));
          int i = kill % 3;
          archivers.kill(i);
          archivers.start(i);
          mark(began, "archiver " + i + " SIGKILLed and restarted");
        }

        // 2. One archiver frozen past its session timeout while it holds partitions (and their open
        // objects: rotation by 3 s of record time under a steady stream leaves them always non-empty).
        awaitGroup(admin, 3, Duration.ofSeconds(60));
        await(() -> archivers.archivingItsPartitions(1), Duration.ofSeconds(30), "archiver 1 archiving the partitions it holds");
        archivers.signal(1, "STOP");
        mark(began, "archiver 1 SIGSTOPped");
        awaitGroup(admin, 2, Duration.ofSeconds(40)); // its session expired and its partitions went to the others
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2)); // the new owners write its partitions
        archivers.signal(1, "CONT");
        mark(began, "archiver 1 SIGCONTed after its partitions were reassigned");
        awaitGroup(admin, 3, Duration.ofSeconds(60));

        // 3. S3 unreachable for longer than all retries, while the stream goes on.
        gate.down();
        mark(began, "S3 down");
        LockSupport.parkNanos(OUTAGE.toNanos());
        assertThat(members(admin)).as("the archivers stay in their group during the outage").isEqualTo(3);
        gate.up();
        mark(began, "S3 up after " + OUTAGE.toSeconds() + " s; refused " + gate.refused() + " connections");
        assertThat(gate.refused()).as("the archivers really met the outage").isPositive();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));

        // 4. The stream stops; the archive catches up; the archivers stop with SIGTERM.
        producer.stop();
        mark(began, "producer stopped: " + producer.committedTotal() + " committed, " + producer.aborted.get() + " aborted records");
        assertThat(producer.failure.get()).as("the producer").isNull();
        assertThat(producer.aborted.get()).as("aborted transactions in the stream").isPositive();
        try (S3ObjectStore store = directStore(s3)) {
          ArchiveReader reader = new ArchiveReader(store, ROOT);
          await(() -> archivedMatches(reader, producer), Duration.ofSeconds(90), "the archive caught up with the committed records");
        }
        mark(began, "archive caught up");
        for (int i = 0; i < 3; i++) {
          archivers.terminate(i);
        }
        mark(began, "archivers stopped with SIGTERM");
      } finally {
        producer.stop();
        archivers.killAll();
      }

      String logged = archivers.logs();
      assertThat(logged).as("no archiver worker died").doesNotContainPattern("Archiver worker \\d+ stopped:");
      assertThat(logged).as("the outage outlasted the SDK's retries: workers paused (uploads or resume lookups) and polled on")
          .containsAnyOf("store failing, partitions paused", "cannot look up where");
      System.out.println("zombie/duplicate creates met: " + count(logged, "written by another writer")
          + ", own retried creates: " + count(logged, "an earlier attempt of this writer")
          + ", store-failing warnings: " + count(logged, "store failing, partitions paused")
          + ", failed resume lookups: " + count(logged, "cannot look up where"));

      // 5. The CLI's accounting, in this JVM (credentials through the default chain's system properties).
      String bootstrap = kafka.bootstrapServers();
      String storeUri = "s3://" + BUCKET + "/" + ROOT;
      String endpoint = s3.endpoint().toString();
      withCredentials(s3, () -> {
        String checked = ArchiveCommandsIT.capture(() -> PinpipeCli.execute("archive-check", "--store", storeUri, "--s3-endpoint", endpoint,
            "--prefix", PREFIX));
        System.out.println(checked);
        assertThat(checked).contains("exactly once").endsWith("exit 0");
        String verified = ArchiveCommandsIT.capture(() -> PinpipeCli.execute("verify", "--bootstrap", bootstrap, "--store", storeUri,
            "--s3-endpoint", endpoint, "--prefix", PREFIX));
        System.out.println(verified);
        assertThat(verified).contains("all accounted for").endsWith("exit 0");
      });

      // 6. The archive's content: per partition exactly the committed records, once each, in order; no aborted one.
      StoredRange deleted;
      try (S3ObjectStore store = directStore(s3)) {
        ArchiveReader reader = new ArchiveReader(store, ROOT);
        for (String topic : names) {
          for (PartitionCheck check : reader.check(topic)) {
            assertThat(check.errorRecords()).as("errors area of " + topic + "-" + check.partition()).isZero();
          }
          for (int p = 0; p < PARTITIONS; p++) {
            List<Long> seqs = new ArrayList<>();
            List<String> aborted = new ArrayList<>();
            reader.records(topic, p, record -> {
              String line = new String(record.value(), StandardCharsets.UTF_8);
              if (line.contains(ABORTED)) {
                aborted.add(line);
              }
              Matcher m = SEQ.matcher(line);
              seqs.add(m.find() ? Long.parseLong(m.group(1)) : -1L);
            });
            String tp = topic + "-" + p;
            assertThat(aborted).as("aborted records archived in " + tp).isEmpty();
            long committed = producer.committed(names.indexOf(topic), p);
            assertThat(committed).as("committed records in " + tp).isPositive();
            List<Long> expected = java.util.stream.LongStream.range(0, committed).boxed().toList();
            if (!seqs.equals(expected)) {
              throw new AssertionError("archive of " + tp + " is not the committed sequence 0.." + (committed - 1)
                  + " once each in order: " + describe(seqs, committed));
            }
          }
        }
        // an object in the middle of a partition, with objects before and after it
        List<StoredRange> ranges = reader.ranges(ArchiveArea.TOPICS, names.get(0)).stream()
            .filter(r -> r.key().partition() == 1).toList();
        assertThat(ranges.size()).as("objects in " + names.get(0) + "-1").isGreaterThanOrEqualTo(3);
        deleted = ranges.get(ranges.size() / 2);
      }

      // 7. One object deleted behind the archive's back: verify exits 1 and names partition and offsets.
      try (S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
          .region(Region.of(s3.region())).httpClientBuilder(Apache5HttpClient.builder())
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
          .build()) {
        client.deleteObject(b -> b.bucket(BUCKET).key(deleted.key().key()));
      }
      System.out.println("deleted " + deleted.key().key() + " (offsets " + deleted.start() + "-" + deleted.end() + ", "
          + deleted.count() + " records)");
      withCredentials(s3, () -> {
        String broken = ArchiveCommandsIT.capture(() -> PinpipeCli.execute("verify", "--bootstrap", bootstrap, "--store", storeUri,
            "--s3-endpoint", endpoint, "--prefix", PREFIX));
        System.out.println(broken);
        assertThat(broken).contains("DISCREPANCY").endsWith("exit 1");
        List<String> bad = broken.lines().filter(line -> line.startsWith(PREFIX + ".") && !line.stripTrailing().endsWith(" ok"))
            .toList();
        assertThat(bad).as("only the partition that lost an object is reported").hasSize(1);
        assertThat(bad.get(0)).matches(Pattern.quote(names.get(0)) + "\\s+1\\s.*")
            .contains("offsets " + deleted.start() + "-")
            .contains("-" + deleted.end() + " ");
      });
      mark(began, "done");
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A transactional producer over every partition, aborting every fourth transaction. */
  private static final class ChaosProducer {
    private final EmbeddedKafka kafka;
    private final List<String> topics;
    private final AtomicBoolean producing = new AtomicBoolean(true);
    /** Per topic-partition (index topic * PARTITIONS + partition): records of committed transactions. */
    private final AtomicLongArray committed;
    private final AtomicInteger aborted = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread thread;

    ChaosProducer(EmbeddedKafka kafka, List<String> topics) {
      this.kafka = kafka;
      this.topics = topics;
      this.committed = new AtomicLongArray(topics.size() * PARTITIONS);
    }

    void start() {
      thread = new Thread(this::run, "chaos-producer");
      thread.start();
    }

    private void run() {
      Map<String, Object> props = new HashMap<>(kafka.clientProperties());
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "chaos-producer");
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
        producer.initTransactions();
        for (long txn = 0; producing.get(); txn++) {
          boolean abort = txn % 4 == 3;
          producer.beginTransaction();
          for (int t = 0; t < topics.size(); t++) {
            for (int p = 0; p < PARTITIONS; p++) {
              int index = t * PARTITIONS + p;
              for (int k = 0; k < 2; k++) {
                String value = abort
                    ? "{\"txn\":" + txn + ",\"state\":\"" + ABORTED + "\",\"k\":" + k + "}"
                    : "{\"seq\":" + (committed.get(index) + k) + ",\"txn\":" + txn + ",\"tp\":\"" + topics.get(t) + "-" + p
                        + "\",\"pad\":\"" + "x".repeat(60) + "\"}";
                producer.send(new ProducerRecord<>(topics.get(t), p, null, value.getBytes(StandardCharsets.UTF_8)));
              }
            }
          }
          if (abort) {
            producer.abortTransaction();
            aborted.addAndGet(2 * topics.size() * PARTITIONS);
          } else {
            producer.commitTransaction();
            for (int i = 0; i < committed.length(); i++) {
              committed.addAndGet(i, 2);
            }
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(15));
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }

    void stop() throws InterruptedException {
      producing.set(false);
      if (thread != null) {
        thread.join(TimeUnit.SECONDS.toMillis(60));
      }
    }

    long committed(int topic, int partition) {
      return committed.get(topic * PARTITIONS + partition);
    }

    long committedTotal() {
      long total = 0;
      for (int i = 0; i < committed.length(); i++) {
        total += committed.get(i);
      }
      return total;
    }
  }

  /** Three {@code bin/pinpipe archive} processes in one group, each with a log file per incarnation. */
  private final class Archivers {
    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final S3Gate gate;
    private final Path clientConfig;
    private final Path logConfig;
    private final Path logs;
    private final Process[] processes = new Process[3];
    private final int[] incarnation = new int[3];

    Archivers(EmbeddedKafka kafka, EmbeddedS3 s3, S3Gate gate, Path clientConfig, Path logConfig, Path logs) {
      this.kafka = kafka;
      this.s3 = s3;
      this.gate = gate;
      this.clientConfig = clientConfig;
      this.logConfig = logConfig;
      this.logs = logs;
    }

    void start(int i) throws IOException {
      ProcessBuilder builder = new ProcessBuilder("bash", LAUNCHER.toString(), "archive",
          "--bootstrap", kafka.bootstrapServers(), "--client-config", clientConfig.toString(),
          "--prefix", PREFIX, "--group", GROUP,
          "--store", "s3://" + BUCKET + "/" + ROOT, "--s3-endpoint", gate.uri().toString(),
          "--flush-size", "1000", "--rotate-ms", "3000", "--idle-ms", "1000")
          .redirectErrorStream(true)
          .redirectOutput(logs.resolve("archiver-" + i + "-" + (++incarnation[i]) + ".log").toFile());
      Map<String, String> env = builder.environment();
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("AWS_ACCESS_KEY_ID", s3.accessKey());
      env.put("AWS_SECRET_ACCESS_KEY", s3.secretKey());
      env.put("AWS_REGION", s3.region());
      env.put("PINPIPE_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile=" + logConfig);
      processes[i] = builder.start();
      live.add(processes[i]);
    }

    private Path log(int i) {
      return logs.resolve("archiver-" + i + "-" + incarnation[i] + ".log");
    }

    /**
     * Whether archiver {@code i}'s current JVM holds partitions (its last assignment is not empty) and
     * archives them (a status line after that assignment counts more records than the one before it).
     */
    boolean archivingItsPartitions(int i) {
      String text;
      try {
        text = Files.readString(log(i));
      } catch (IOException e) {
        return false;
      }
      int assigned = text.lastIndexOf("assigned [");
      if (assigned < 0 || text.startsWith("assigned []", assigned)) {
        return false;
      }
      long before = 0;
      Matcher m = STATUS.matcher(text);
      while (m.find()) {
        long records = Long.parseLong(m.group(1).replace(",", ""));
        if (m.start() < assigned) {
          before = records;
        } else if (records > before) {
          return true;
        }
      }
      return false;
    }

    void kill(int i) throws InterruptedException {
      processes[i].destroyForcibly(); // SIGKILL (bin/pinpipe execs java: the pid is the JVM's)
      assertThat(processes[i].waitFor(30, TimeUnit.SECONDS)).as("archiver " + i + " killed").isTrue();
    }

    void terminate(int i) throws InterruptedException {
      processes[i].destroy(); // SIGTERM: the shutdown hook uploads what is buffered, commits and stops
      assertThat(processes[i].waitFor(60, TimeUnit.SECONDS)).as("archiver " + i + " stops on SIGTERM").isTrue();
    }

    void signal(int i, String signal) throws Exception {
      assertThat(processes[i].isAlive()).as("archiver " + i + " alive").isTrue();
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes[i].pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -" + signal).isTrue();
    }

    void killAll() throws Exception {
      for (Process process : live) {
        if (process.isAlive()) {
          new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
          process.destroyForcibly();
          process.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }

    String logs() throws IOException {
      StringBuilder all = new StringBuilder();
      try (Stream<Path> files = Files.list(logs)) {
        for (Path file : files.filter(f -> f.getFileName().toString().startsWith("archiver-")).sorted().toList()) {
          all.append("==> ").append(file.getFileName()).append('\n').append(Files.readString(file));
        }
      }
      return all.toString();
    }
  }

  /**
   * The fault injector: a TCP gate in front of s3proxy. While down it resets every open connection and
   * every new one, so S3 is unreachable; while up it forwards bytes unchanged.
   */
  private static final class S3Gate implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean down;
    private volatile boolean closed;

    S3Gate(int target) throws IOException {
      this.target = target;
      this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "s3-gate");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    void down() {
      down = true;
      open.forEach(S3Gate::reset);
    }

    void up() {
      down = false;
    }

    int refused() {
      return refused.get();
    }

    private void accept() {
      while (!closed) {
        try {
          Socket client = server.accept();
          if (down) {
            refused.incrementAndGet();
            reset(client);
            continue;
          }
          Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
          open.add(client);
          open.add(upstream);
          pipe(client, upstream);
          pipe(upstream, client);
        } catch (IOException e) {
          if (closed) {
            return;
          }
        }
      }
    }

    private void pipe(Socket from, Socket to) {
      Thread thread = new Thread(() -> {
        byte[] buffer = new byte[16384];
        try {
          InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream();
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException e) {
          // reset by down() or by a peer
        } finally {
          reset(from);
          reset(to);
          open.remove(from);
          open.remove(to);
        }
      }, "s3-gate-pipe");
      thread.setDaemon(true);
      thread.start();
    }

    private static void reset(Socket socket) {
      try {
        socket.setSoLinger(true, 0); // RST, not FIN
      } catch (IOException ignored) {
        // already closed
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      server.close();
      open.forEach(S3Gate::reset);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static S3ObjectStore directStore(EmbeddedS3 s3) {
    return S3ObjectStore.builder(BUCKET).endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
  }

  private static long objects(ArchiveReader reader, List<String> topics) {
    return topics.stream().mapToLong(t -> reader.objects(ArchiveArea.TOPICS, t).size()).sum();
  }

  /** Whether every partition's stored record count equals its committed records. */
  private static boolean archivedMatches(ArchiveReader reader, ChaosProducer producer) {
    List<String> topics = producer.topics;
    for (int t = 0; t < topics.size(); t++) {
      Map<Integer, Long> stored = reader.ranges(ArchiveArea.TOPICS, topics.get(t)).stream()
          .collect(Collectors.groupingBy(r -> r.key().partition(), Collectors.summingLong(StoredRange::count)));
      for (int p = 0; p < PARTITIONS; p++) {
        if (stored.getOrDefault(p, 0L) < producer.committed(t, p)) {
          return false;
        }
      }
    }
    return true;
  }

  private static int members(Admin admin) throws Exception {
    return admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP).members().size();
  }

  /** Waits until the group has {@code members} members, each holding partitions, and is stable. */
  private static void awaitGroup(Admin admin, int members, Duration timeout) {
    await(() -> {
      try {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
        return group.groupState() == GroupState.STABLE && group.members().size() == members
            && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
      } catch (Exception e) {
        return false;
      }
    }, timeout, "a stable group of " + members + " members, each with partitions");
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
  }

  private static void mark(long began, String what) {
    System.out.printf("[chaos +%5.1f s] %s%n", (System.nanoTime() - began) / 1e9, what);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** Where the archived sequence first departs from 0..committed-1. */
  private static String describe(List<Long> seqs, long committed) {
    for (int i = 0; i < seqs.size(); i++) {
      if (seqs.get(i) != i) {
        return "at line " + i + " found seq " + seqs.get(i) + " (lines around: "
            + seqs.subList(Math.max(0, i - 3), Math.min(seqs.size(), i + 4)) + "), " + seqs.size() + " lines for "
            + committed + " committed";
      }
    }
    return seqs.size() + " lines for " + committed + " committed";
  }

  /** Runs {@code body} with the S3 credentials as the default chain's system properties. */
  private static void withCredentials(EmbeddedS3 s3, Runnable body) {
    String key = System.getProperty("aws.accessKeyId");
    String secret = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.accessKeyId", s3.accessKey());
    System.setProperty("aws.secretAccessKey", s3.secretKey());
    try {
      body.run();
    } finally {
      restore("aws.accessKeyId", key);
      restore("aws.secretAccessKey", secret);
    }
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
