package io.pinpipe.ingest.emulate;

import io.pinpipe.model.Post;
import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawUser;
import io.pinpipe.model.json.DecodeException;
import io.pinpipe.model.json.JsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three tables as files in a directory, loaded into memory: CSV with a header row
 * ({@code pin.csv}, {@code geo.csv}, {@code user.csv}, or the original {@code pinterest_data.csv},
 * {@code geolocation_data.csv}, {@code user_data.csv}) or JSON lines ({@code pin.jsonl} ... as
 * {@code pinpipe generate} writes them). Row {@code i} is line {@code i} of each file. A bad row fails
 * only that row, with the file and line. Thread-safe once built.
 */
public final class FileSource implements PostSource {
  private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);

  private final String description;
  private final Table pins;
  private final Table geos;
  private final Table users;
  private final int rows;

  private FileSource(String description, Table pins, Table geos, Table users) {
    this.description = description;
    this.pins = pins;
    this.geos = geos;
    this.users = users;
    this.rows = Math.min(pins.size(), Math.min(geos.size(), users.size()));
    if (pins.size() != geos.size() || pins.size() != users.size()) {
      LOG.warn("Tables in {} differ in length (pin {}, geo {}, user {}); using the first {} rows",
          description, pins.size(), geos.size(), users.size(), rows);
    }
  }

  /**
   * Loads CSV tables from a directory.
   *
   * @throws UncheckedIOException when a file is missing or unreadable, naming it
   * @throws IllegalArgumentException when a file is not valid CSV, naming file and line
   */
  public static FileSource csv(Path dir) {
    return new FileSource("csv:" + dir,
        CsvTable.load(find(dir, "csv", "pin", "pinterest_data")),
        CsvTable.load(find(dir, "csv", "geo", "geolocation_data")),
        CsvTable.load(find(dir, "csv", "user", "user_data")));
  }

  /**
   * Loads JSON-lines tables from a directory.
   *
   * @throws UncheckedIOException when a file is missing or unreadable, naming it
   */
  public static FileSource jsonl(Path dir) {
    return new FileSource("jsonl:" + dir,
        JsonlTable.load(find(dir, "jsonl", "pin", "pinterest_data")),
        JsonlTable.load(find(dir, "jsonl", "geo", "geolocation_data")),
        JsonlTable.load(find(dir, "jsonl", "user", "user_data")));
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public Post row(int index) {
    RawPin pin = (RawPin) pins.record(index);
    RawGeo geo = (RawGeo) geos.record(index);
    RawUser user = (RawUser) users.record(index);
    try {
      return new Post(pin, geo, user);
    } catch (IllegalArgumentException e) {
      throw new SourceRowException(description, index, e.getMessage());
    }
  }

  @Override
  public String describe() {
    return description;
  }

  private static Path find(Path dir, String extension, String... names) {
    for (String name : names) {
      Path file = dir.resolve(name + "." + extension);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new UncheckedIOException(new java.io.FileNotFoundException(
        "Cannot find " + names[0] + "." + extension + " or " + names[1] + "." + extension + " in " + dir));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** One table: its rows as records on demand. */
  private interface Table {
    int size();

    Object record(int index);
  }

  private record CsvTable(Path file, String[] header, List<String[]> rows, String type) implements Table {
    static CsvTable load(Path file) {
      List<String[]> all;
      try {
        all = CsvReader.parse(read(file));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Cannot parse " + file + ": " + e.getMessage(), e);
      }
      if (all.isEmpty()) {
        throw new IllegalArgumentException("Cannot use " + file + ": it has no header row");
      }
      String[] header = all.get(0);
      for (int i = 0; i < header.length; i++) {
        header[i] = header[i].strip().toLowerCase(Locale.ROOT);
      }
      String name = file.getFileName().toString();
      String type = name.startsWith("pin") ? "pin" : name.startsWith("geo") ? "geo" : "user";
      return new CsvTable(file, header, new ArrayList<>(all.subList(1, all.size())), type);
    }

    @Override
    public int size() {
      return rows.size();
    }

    @Override
    public Object record(int index) {
      String[] cells = rows.get(index);
      Map<String, Object> values = new HashMap<>();
      for (int i = 0; i < Math.min(header.length, cells.length); i++) {
        values.put(header[i], cells[i]);
      }
      RowValues row = new RowValues(values::get, file.toString(), index);
      return switch (type) {
        case "pin" -> row.pin();
        case "geo" -> row.geo();
        default -> row.user();
      };
    }
  }

  private record JsonlTable(Path file, List<byte[]> lines, io.pinpipe.model.RecordType type) implements Table {
    static JsonlTable load(Path file) {
      List<byte[]> lines = new ArrayList<>();
      for (String line : read(file).split("\n")) {
        if (!line.isBlank()) {
          lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
      String name = file.getFileName().toString();
      io.pinpipe.model.RecordType type = name.startsWith("pin") ? io.pinpipe.model.RecordType.PIN
          : name.startsWith("geo") ? io.pinpipe.model.RecordType.GEO : io.pinpipe.model.RecordType.USER;
      return new JsonlTable(file, lines, type);
    }

    @Override
    public int size() {
      return lines.size();
    }

    @Override
    public Object record(int index) {
      try {
        return JsonCodec.standard().decode(type, file.getFileName().toString(), lines.get(index));
      } catch (DecodeException e) {
        throw new SourceRowException(file.toString(), index, e.getMessage());
      }
    }
  }
}
