package io.pinpipe.ingest.emulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.pinpipe.ingest.PostProducer;
import io.pinpipe.ingest.TopicAdmin;
import io.pinpipe.ingest.TopicSpec;
import io.pinpipe.ingest.config.ClientProperties;
import io.pinpipe.ingest.rest.RestGateway;
import io.pinpipe.ingest.rest.RestProxyClient;
import io.pinpipe.model.Post;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.Topics;
import io.pinpipe.model.generate.PostGenerator;
import io.pinpipe.model.json.JsonCodec;
import io.pinpipe.testkit.EmbeddedKafka;
import io.pinpipe.testkit.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(EmbeddedKafkaExtension.class)
class PostingEmulatorIT {
  private static final JsonCodec CODEC = JsonCodec.standard();

  @Test
  void syntheticSourceThroughTheProducerSendsAlignedTriples(EmbeddedKafka kafka) {
    Topics topics = topics(kafka, "emu-synthetic");
    EmulationSummary summary;
    try (PostProducer producer = PostProducer.builder(topics, ClientProperties.plaintext(kafka.bootstrapServers())).build()) {
      summary = PostingEmulator.builder(SyntheticSource.withSeed(4), new ProducerSink(producer), topics)
          .posts(3_000).seed(9).build().run();
    }
    assertThat(summary.posted()).isEqualTo(3_000);
    assertThat(summary.failed()).isZero();
    assertThat(summary.recordsPerTopic()).containsEntry(topics.pin(), 3_000L);
    assertAligned(kafka, topics, 3_000);
  }

  @Test
  void jsonLinesSourceThroughTheGatewayInTheOriginalOneRecordRequests(EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
    Topics topics = topics(kafka, "emu-jsonl");
    writeJsonl(dir, 200);
    try (RestGateway gateway = RestGateway.builder(ClientProperties.plaintext(kafka.bootstrapServers())).port(0).basePath("/prod").start();
        FileSource source = FileSource.jsonl(dir)) {
      RestSink sink = new RestSink(RestProxyClient.builder(gateway.uri()).build(), topics, 1);
      EmulationSummary summary = PostingEmulator.builder(source, sink, topics).posts(300).build().run();
      assertThat(summary.posted()).isEqualTo(300);
    }
    assertAligned(kafka, topics, 300);
  }

  @Test
  void csvSourceWithQuotedFieldsAndABadRowCountsTheRowAndGoesOn(EmbeddedKafka kafka, @TempDir Path dir) throws Exception {
    Topics topics = topics(kafka, "emu-csv");
    Files.writeString(dir.resolve("pinterest_data.csv"), """
        index,unique_id,title,description,poster_name,follower_count,tag_list,is_image_or_video,image_src,downloaded,save_location,category
        0,u0,"Title, with comma","Two
        lines ""quoted""\",Ann,211k,"a,b",image,http://x/0.jpg,1,Local save in /data/art,art
        1,u1,T1,D1,Bob,5M,t,video,http://x/1.jpg,1,Local save in /data/travel,travel
        oops,u2,T2,D2,Cy,12,t,image,http://x/2.jpg,1,Local save in /data/art,art
        """);
    Files.writeString(dir.resolve("geolocation_data.csv"), """
        ind,timestamp,latitude,longitude,country
        0,2018-01-02 03:04:05,-45.5,120.25,Cote d'Ivoire
        1,2019-01-02 03:04:05,10,20,Holy See (Vatican City State)
        2,2020-01-02 03:04:05,1,2,Maldives
        """);
    Files.writeString(dir.resolve("user_data.csv"), """
        ind,first_name,last_name,age,date_joined
        0,Ann,O'Brien,30,2016-01-01 00:00:00
        1,Bob,Smith,40,2016-02-01 00:00:00
        2,Cy,Lee,50,2016-03-01 00:00:00
        """);
    EmulationSummary summary;
    try (FileSource source = FileSource.csv(dir);
        PostProducer producer = PostProducer.builder(topics, ClientProperties.plaintext(kafka.bootstrapServers())).build()) {
      Post first = source.row(0);
      assertThat(first.pin().title()).isEqualTo("Title, with comma");
      assertThat(first.pin().description()).isEqualTo("Two\nlines \"quoted\"");
      assertThat(first.pin().downloaded()).isEqualTo(1);
      assertThat(first.geo().latitude()).isEqualTo(-45.5);
      summary = PostingEmulator.builder(source, new ProducerSink(producer), topics).posts(60).seed(2).build().run();
    }
    assertThat(summary.failed()).as("row 2 has index 'oops'").isPositive();
    assertThat(summary.posted() + summary.failed()).isEqualTo(60);
    assertThat(summary.firstFailures()).first().asString()
        .contains("pinterest_data.csv").contains("row 2").contains("'index'").contains("'oops'");
    assertAligned(kafka, topics, summary.posted());
  }

  @Test
  void jdbcSourceReadsTheOriginalTablesFromH2(EmbeddedKafka kafka) throws Exception {
    Topics topics = topics(kafka, "emu-jdbc");
    String url = "jdbc:h2:mem:emulator;DB_CLOSE_DELAY=-1";
    PostGenerator generator = PostGenerator.withSeed(6);
    try (Connection db = DriverManager.getConnection(url, "sa", "")) {
      db.createStatement().execute("CREATE TABLE pinterest_data (\"index\" INT, unique_id VARCHAR, title VARCHAR, description VARCHAR,"
          + " poster_name VARCHAR, follower_count VARCHAR, tag_list VARCHAR, is_image_or_video VARCHAR, image_src VARCHAR,"
          + " downloaded INT, save_location VARCHAR, category VARCHAR)");
      db.createStatement().execute("CREATE TABLE geolocation_data (ind INT, \"timestamp\" TIMESTAMP, latitude DOUBLE, longitude DOUBLE, country VARCHAR)");
      db.createStatement().execute("CREATE TABLE user_data (ind INT, first_name VARCHAR, last_name VARCHAR, age INT, date_joined TIMESTAMP)");
      try (PreparedStatement pin = db.prepareStatement("INSERT INTO pinterest_data VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
          PreparedStatement geo = db.prepareStatement("INSERT INTO geolocation_data VALUES (?,?,?,?,?)");
          PreparedStatement user = db.prepareStatement("INSERT INTO user_data VALUES (?,?,?,?,?)")) {
        for (int i = 0; i < 150; i++) {
          Post p = generator.row(i);
          Object[] pinValues = {p.pin().index(), p.pin().uniqueId(), p.pin().title(), p.pin().description(), p.pin().posterName(),
              p.pin().followerCount(), p.pin().tagList(), p.pin().isImageOrVideo(), p.pin().imageSrc(), p.pin().downloaded(),
              p.pin().saveLocation(), p.pin().category()};
          for (int c = 0; c < pinValues.length; c++) {
            pin.setObject(c + 1, pinValues[c]);
          }
          pin.execute();
          geo.setInt(1, i);
          geo.setTimestamp(2, java.sql.Timestamp.valueOf(p.geo().timestamp()));
          geo.setDouble(3, p.geo().latitude());
          geo.setDouble(4, p.geo().longitude());
          geo.setString(5, p.geo().country());
          geo.execute();
          user.setInt(1, i);
          user.setString(2, p.user().firstName());
          user.setString(3, p.user().lastName());
          user.setInt(4, p.user().age());
          user.setTimestamp(5, java.sql.Timestamp.valueOf(p.user().dateJoined()));
          user.execute();
        }
      }
      try (JdbcSource source = JdbcSource.connect(url, "sa", "");
          PostProducer producer = PostProducer.builder(topics, ClientProperties.plaintext(kafka.bootstrapServers())).build()) {
        assertThat(source.rows()).isEqualTo(150);
        assertThat(source.row(17)).as("same values as written, timestamps formatted back").isEqualTo(generator.row(17));
        EmulationSummary summary = PostingEmulator.builder(source, new ProducerSink(producer), topics).posts(400).build().run();
        assertThat(summary.posted()).isEqualTo(400);
      }
    }
    assertAligned(kafka, topics, 400);
    assertThat(JdbcSource.redact("jdbc:mysql://h/db?user=u&password=hunter2")).doesNotContain("hunter2");
  }

  @Test
  void aSteadyRateSpacesThePosts(EmbeddedKafka kafka) {
    Topics topics = topics(kafka, "emu-rate");
    try (PostProducer producer = PostProducer.builder(topics, ClientProperties.plaintext(kafka.bootstrapServers())).build()) {
      EmulationSummary summary = PostingEmulator.builder(SyntheticSource.withSeed(1), new ProducerSink(producer), topics)
          .posts(101).pace(Pace.perSecond(200)).build().run();
      assertThat(summary.elapsed()).as("100 gaps of 5 ms").isGreaterThanOrEqualTo(Duration.ofMillis(490));
      assertThat(summary.posted()).isEqualTo(101);
    }
  }

  private static Topics topics(EmbeddedKafka kafka, String prefix) {
    Topics topics = Topics.forPrefix(prefix);
    try (TopicAdmin admin = TopicAdmin.create(ClientProperties.plaintext(kafka.bootstrapServers()))) {
      admin.ensureTopics(topics, TopicSpec.local(2));
    }
    return topics;
  }

  private static void writeJsonl(Path dir, int rows) throws Exception {
    PostGenerator generator = PostGenerator.withSeed(5);
    for (RecordType type : RecordType.values()) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        lines.add(new String(CODEC.encode(generator.row(i).record(type)), StandardCharsets.UTF_8));
      }
      Files.write(dir.resolve(type.suffix() + ".jsonl"), lines, StandardCharsets.UTF_8);
    }
  }

  /** Each topic holds {@code posts} records and, per key, the same number of pin, geo and user records with that ind. */
  private static void assertAligned(EmbeddedKafka kafka, Topics topics, long posts) {
    Map<RecordType, Map<String, Integer>> perKey = new HashMap<>();
    for (RecordType type : RecordType.values()) {
      Map<String, Integer> counts = new HashMap<>();
      List<ConsumerRecord<byte[], byte[]>> records = kafka.records(topics.topic(type));
      assertThat(records).as(type.suffix()).hasSize((int) posts);
      for (ConsumerRecord<byte[], byte[]> record : records) {
        String key = new String(record.key(), StandardCharsets.US_ASCII);
        RawRecord decoded = CODEC.decode(type, record.topic(), record.value());
        assertThat(Integer.toString(decoded.ind())).as("key is ind").isEqualTo(key);
        counts.merge(key, 1, Integer::sum);
      }
      perKey.put(type, counts);
    }
    assertThat(perKey.get(RecordType.GEO)).isEqualTo(perKey.get(RecordType.PIN));
    assertThat(perKey.get(RecordType.USER)).isEqualTo(perKey.get(RecordType.PIN));
  }
}
