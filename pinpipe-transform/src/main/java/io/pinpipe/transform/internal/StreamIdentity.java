package io.pinpipe.transform.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The id of a checkpoint's stream, kept in the checkpoint directory ({@value #FILE}) and made on
 * its first use. Tags and Delta application ids come from it: the same checkpoint always gives the
 * same id (a replayed batch finds its earlier attempt), a new or deleted-and-recreated checkpoint
 * gives a new one (restarted batch ids never collide with an earlier run's).
 */
public final class StreamIdentity {
  /** The file in the checkpoint directory that holds the id. */
  public static final String FILE = "pinpipe-stream-id";

  private static final SecureRandom RANDOM = new SecureRandom();

  private StreamIdentity() {}

  /** The id of the stream whose checkpoint is {@code checkpoint}; creates it on first use. */
  public static String of(SparkSession spark, String checkpoint) {
    Path file = new Path(checkpoint, FILE);
    try {
      FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
      // an empty file is a first start that died while writing it: no batch can have run yet
      if (!fs.exists(file) || fs.getFileStatus(file).getLen() == 0) {
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        try (OutputStream out = fs.create(file, fs.exists(file))) {
          out.write(("s" + HexFormat.of().formatHex(id)).getBytes(StandardCharsets.US_ASCII));
        } catch (FileAlreadyExistsException raced) {
          // another start of the same checkpoint made it first: use theirs
        }
      }
      String id = read(fs, file);
      if (!id.matches("s[0-9a-f]{12}")) {
        throw new IllegalStateException("Cannot use checkpoint " + checkpoint + ": " + file + " holds no stream id");
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the stream id in checkpoint " + checkpoint, e);
    }
  }

  private static String read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.US_ASCII).trim();
    }
  }
}
