package io.pinpipe.model.generate;

import io.pinpipe.model.Post;
import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawUser;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Seeded synthetic posts shaped like the original pipeline's data (SPEC section 2).
 *
 * <p>Like the original emulator it holds a table of rows (default {@value #DEFAULT_ROWS}) and posts
 * the row at a random index drawn with replacement, so indexes repeat and a repeated index sends the
 * identical triple. Users are drawn from {@value #DEFAULT_PEOPLE} people, so one person appears
 * under many indexes; each poster keeps one follower count. Placeholder and format rates follow the
 * measured real-data mix of SPEC section 2.
 *
 * <p>Deterministic: the same seed and sizes give the same table and the same post sequence. The
 * table is built once (about 11k rows, a few MB); {@link #posts(long)} streams without holding the
 * posts. Immutable and thread-safe; each call to {@link #posts(long)} starts the sequence anew.
 */
public final class PostGenerator {
  /** Rows in the default table, as in the original emulator's tables. */
  public static final int DEFAULT_ROWS = 11_153;
  /** Distinct people behind the user rows by default. */
  public static final int DEFAULT_PEOPLE = 5_300;

  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
  private static final LocalDateTime POSTED_FROM = LocalDateTime.of(2017, 10, 19, 0, 0, 0);
  private static final LocalDateTime POSTED_TO = LocalDateTime.of(2022, 10, 19, 23, 59, 59);
  private static final LocalDateTime JOINED_FROM = LocalDateTime.of(2015, 10, 21, 0, 0, 0);
  private static final LocalDateTime JOINED_TO = LocalDateTime.of(2017, 10, 20, 23, 59, 59);
  private static final int POSTERS = 2_000;
  private static final long INDEX_STREAM_SALT = 0x5DEECE66DL;

  private final long seed;
  private final Post[] table;

  private PostGenerator(long seed, int rows, int people) {
    this.seed = seed;
    SplittableRandom random = new SplittableRandom(seed);
    Person[] persons = new Person[people];
    for (int i = 0; i < people; i++) {
      persons[i] = Person.draw(random);
    }
    Poster[] posters = new Poster[POSTERS];
    for (int i = 0; i < POSTERS; i++) {
      posters[i] = Poster.draw(random);
    }
    table = new Post[rows];
    for (int index = 0; index < rows; index++) {
      table[index] =
          new Post(
              pin(index, random, posters[random.nextInt(POSTERS)]),
              geo(index, random),
              persons[random.nextInt(people)].user(index));
    }
  }

  /** A generator with the default table and people counts. */
  public static PostGenerator withSeed(long seed) {
    return new PostGenerator(seed, DEFAULT_ROWS, DEFAULT_PEOPLE);
  }

  /**
   * A generator with a table of {@code rows} rows whose users are drawn from {@code people} people.
   *
   * @throws IllegalArgumentException unless both are at least 1
   */
  public static PostGenerator withSeed(long seed, int rows, int people) {
    if (rows < 1 || people < 1) {
      throw new IllegalArgumentException(
          "Cannot build generator: rows (" + rows + ") and people (" + people + ") must be at least 1");
    }
    return new PostGenerator(seed, rows, people);
  }

  /** How many rows the table holds; indexes run from 0 to {@code rows() - 1}. */
  public int rows() {
    return table.length;
  }

  /**
   * The table row at an index, the same object every time.
   *
   * @throws IndexOutOfBoundsException outside 0..rows()-1
   */
  public Post row(int index) {
    return table[index];
  }

  /**
   * The first {@code count} posts of this seed's sequence, drawn with replacement from the table.
   * Lazy and sequential; memory does not grow with {@code count}.
   *
   * @throws IllegalArgumentException if count is negative
   */
  public Stream<Post> posts(long count) {
    return StreamSupport.stream(
        Spliterators.spliterator(iterator(count), count, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** The same sequence as {@link #posts(long)}, as an iterator. */
  public Iterator<Post> iterator(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("Cannot generate " + count + " posts: count must be >= 0");
    }
    SplittableRandom draws = new SplittableRandom(seed ^ INDEX_STREAM_SALT);
    return new Iterator<>() {
      private long left = count;

      @Override
      public boolean hasNext() {
        return left > 0;
      }

      @Override
      public Post next() {
        if (left <= 0) {
          throw new NoSuchElementException();
        }
        left--;
        return table[draws.nextInt(table.length)];
      }
    };
  }

  // ------------------------------------------------------------------ rows

  private static RawPin pin(int index, SplittableRandom random, Poster poster) {
    String category = Vocabulary.CATEGORIES.get(random.nextInt(Vocabulary.CATEGORIES.size()));
    double mediaDraw = random.nextDouble();
    String media = mediaDraw < 0.90 ? "image" : mediaDraw < 0.97 ? "multi-video(story page format)" : "video";
    boolean userInfoError = random.nextDouble() < 0.007;
    boolean imageError = random.nextDouble() < 0.024;

    String title = userInfoError ? "No Title Data Available" : title(random, category);
    String description;
    if (media.startsWith("multi-video")) {
      description = "No description available Story format";
    } else {
      double d = random.nextDouble();
      description = d < 0.015 ? "No description available" : d < 0.018 ? "Untitled" : description(random, category);
    }
    String tags = random.nextDouble() < 0.014 ? "N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e" : tags(random, category);
    String imageSrc = imageError ? "Image src error." : imageUrl(random);
    return new RawPin(
        index,
        new UUID(random.nextLong(), random.nextLong()).toString(),
        title,
        description,
        userInfoError ? "User Info Error" : poster.name,
        userInfoError ? "User Info Error" : poster.followerCount,
        tags,
        media,
        imageSrc,
        imageError ? 0 : 1,
        "Local save in /data/" + category,
        category);
  }

  private static RawGeo geo(int index, SplittableRandom random) {
    return new RawGeo(
        index,
        timestamp(random, POSTED_FROM, POSTED_TO),
        round(random.nextDouble(-90.0, Math.nextUp(90.0)), 4),
        round(random.nextDouble(-180.0, Math.nextUp(180.0)), 4),
        Vocabulary.COUNTRIES.get(random.nextInt(Vocabulary.COUNTRIES.size())));
  }

  private static String title(SplittableRandom random, String category) {
    double d = random.nextDouble();
    if (d < 0.0005) {
      return "";
    }
    StringBuilder text = words(random, 2 + random.nextInt(7), category);
    if (d < 0.003) {
      text.insert(text.indexOf(" ") + 1, "\n");
    }
    return text.toString();
  }

  private static String description(SplittableRandom random, String category) {
    StringBuilder text = words(random, 6 + random.nextInt(30), category);
    if (random.nextDouble() < 0.25) {
      text.append('\u2026').append('\u00A0');
    } else {
      text.append('.');
    }
    return text.toString();
  }

  private static StringBuilder words(SplittableRandom random, int count, String category) {
    StringBuilder text = new StringBuilder(count * 8);
    boolean foreign = random.nextDouble() < 0.12;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        text.append(' ');
      }
      if (i == 1 && random.nextBoolean()) {
        text.append(category.replace('-', ' '));
      } else if (foreign && random.nextDouble() < 0.5) {
        text.append(pick(random, Vocabulary.FOREIGN_WORDS));
      } else {
        String word = pick(random, Vocabulary.WORDS);
        text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
      }
    }
    if (random.nextDouble() < 0.06) {
      text.append(' ').append(pick(random, Vocabulary.EMOJI));
    }
    return text;
  }

  private static String tags(SplittableRandom random, String category) {
    int count = 2 + random.nextInt(6);
    StringBuilder text = new StringBuilder(category.replace('-', ' '));
    for (int i = 1; i < count; i++) {
      text.append(',').append(pick(random, Vocabulary.WORDS)).append(' ').append(pick(random, Vocabulary.WORDS));
    }
    return text.toString();
  }

  private static String imageUrl(SplittableRandom random) {
    String hex = Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    return "https://i.pinimg.com/originals/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/"
        + hex.substring(4, 6) + "/" + hex + ".jpg";
  }

  static String timestamp(SplittableRandom random, LocalDateTime from, LocalDateTime to) {
    long start = from.toEpochSecond(ZoneOffset.UTC);
    long end = to.toEpochSecond(ZoneOffset.UTC);
    long second = start + random.nextLong(end - start + 1);
    return LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC).format(TIMESTAMP);
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  private static String pick(SplittableRandom random, String[] pool) {
    return pool[random.nextInt(pool.length)];
  }

  /** A person behind user rows; the same person appears under many indexes. */
  private record Person(String firstName, String lastName, int age, String dateJoined) {
    static Person draw(SplittableRandom random) {
      return new Person(
          pick(random, Vocabulary.FIRST_NAMES),
          pick(random, Vocabulary.LAST_NAMES),
          20 + random.nextInt(41),
          timestamp(random, JOINED_FROM, JOINED_TO));
    }

    RawUser user(int index) {
      return new RawUser(index, firstName, lastName, age, dateJoined);
    }
  }

  /** An account that posts pins, with its follower count in the raw text format. */
  private record Poster(String name, String followerCount) {
    static Poster draw(SplittableRandom random) {
      String name =
          switch (random.nextInt(3)) {
            case 0 -> pick(random, Vocabulary.FIRST_NAMES) + " " + pick(random, Vocabulary.LAST_NAMES);
            case 1 -> pick(random, Vocabulary.LAST_NAMES) + " " + pick(random, Vocabulary.POSTER_WORDS);
            default -> capitalise(pick(random, Vocabulary.WORDS)) + " " + pick(random, Vocabulary.POSTER_WORDS);
          };
      return new Poster(name, followerCount(random));
    }

    private static String followerCount(SplittableRandom random) {
      double d = random.nextDouble();
      if (d < 0.075) {
        return (1 + (int) Math.floor(15 * Math.pow(random.nextDouble(), 2.5))) + "M";
      }
      if (d < 0.255) {
        return Integer.toString(random.nextInt(1001));
      }
      if (d < 0.258) {
        return (1 + random.nextInt(9)) + "." + (1 + random.nextInt(9)) + "k";
      }
      return (1 + random.nextInt(999)) + "k";
    }

    private static String capitalise(String word) {
      return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
  }
}
