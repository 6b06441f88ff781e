package io.pinpipe.model.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.pinpipe.model.RawGeo;
import io.pinpipe.model.RawPin;
import io.pinpipe.model.RawRecord;
import io.pinpipe.model.RawUser;
import io.pinpipe.model.RecordType;
import io.pinpipe.model.clean.QuarantineReason;
import java.io.IOException;

/**
 * Encodes raw records to the UTF-8 JSON of SPEC section 2 (with a purpose-built writer, byte for byte
 * what Jackson's generator writes) and decodes such bytes back with Jackson's streaming parser; no
 * reflection.
 *
 * <p>Encoding writes the fields in SPEC order, compact, with {@code null} for absent values.
 * Decoding follows SPEC "Decoding rules": unknown fields are skipped, and every other problem (not a
 * JSON object, malformed or truncated JSON, invalid UTF-8, trailing data, a missing or null row
 * index, a wrong JSON type, a number that does not fit, a value over {@link #maxRecordBytes()}) is a
 * {@link DecodeException}; no other exception escapes. A field that appears twice takes its last
 * value, as Spark's JSON reader does (checking for repeats cost a quarter of the decode time).
 *
 * <p>Instances are immutable and thread-safe; share one.
 */
public final class JsonCodec {
  /** Default largest accepted record value: 1 MiB, Kafka's default message size. */
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  private static final JsonCodec STANDARD = new JsonCodec(DEFAULT_MAX_RECORD_BYTES);

  private final int maxRecordBytes;
  private final JsonFactory factory;

  private JsonCodec(int maxRecordBytes) {
    if (maxRecordBytes < 64) {
      throw new IllegalArgumentException(
          "Cannot create codec: maxRecordBytes " + maxRecordBytes + " is below 64");
    }
    this.maxRecordBytes = maxRecordBytes;
    this.factory =
        JsonFactory.builder()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(100)
                    .maxStringLength(maxRecordBytes)
                    .maxDocumentLength(maxRecordBytes)
                    .build())
            .build();
  }

  /** The codec with the default limits. */
  public static JsonCodec standard() {
    return STANDARD;
  }

  /**
   * A codec that rejects record values over {@code maxRecordBytes}.
   *
   * @throws IllegalArgumentException if the limit is below 64 bytes
   */
  public static JsonCodec withMaxRecordBytes(int maxRecordBytes) {
    return new JsonCodec(maxRecordBytes);
  }

  /** The largest record value, in bytes, that decoding accepts. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  // ---------------------------------------------------------------- encoding

  /** Encodes any raw record as compact UTF-8 JSON in SPEC field order. */
  public byte[] encode(RawRecord record) {
    Utf8JsonWriter out = Utf8JsonWriter.get();
    out.startObject();
    switch (record.type()) {
      case PIN -> writePin(out, (RawPin) record);
      case GEO -> writeGeo(out, (RawGeo) record);
      case USER -> writeUser(out, (RawUser) record);
    }
    out.endObject();
    return out.toByteArray();
  }

  private static final byte[] INDEX = Utf8JsonWriter.name("index");
  private static final byte[] IND = Utf8JsonWriter.name("ind");
  private static final byte[] UNIQUE_ID = Utf8JsonWriter.name("unique_id");
  private static final byte[] TITLE = Utf8JsonWriter.name("title");
  private static final byte[] DESCRIPTION = Utf8JsonWriter.name("description");
  private static final byte[] POSTER_NAME = Utf8JsonWriter.name("poster_name");
  private static final byte[] FOLLOWER_COUNT = Utf8JsonWriter.name("follower_count");
  private static final byte[] TAG_LIST = Utf8JsonWriter.name("tag_list");
  private static final byte[] IS_IMAGE_OR_VIDEO = Utf8JsonWriter.name("is_image_or_video");
  private static final byte[] IMAGE_SRC = Utf8JsonWriter.name("image_src");
  private static final byte[] DOWNLOADED = Utf8JsonWriter.name("downloaded");
  private static final byte[] SAVE_LOCATION = Utf8JsonWriter.name("save_location");
  private static final byte[] CATEGORY = Utf8JsonWriter.name("category");
  private static final byte[] TIMESTAMP = Utf8JsonWriter.name("timestamp");
  private static final byte[] LATITUDE = Utf8JsonWriter.name("latitude");
  private static final byte[] LONGITUDE = Utf8JsonWriter.name("longitude");
  private static final byte[] COUNTRY = Utf8JsonWriter.name("country");
  private static final byte[] FIRST_NAME = Utf8JsonWriter.name("first_name");
  private static final byte[] LAST_NAME = Utf8JsonWriter.name("last_name");
  private static final byte[] AGE = Utf8JsonWriter.name("age");
  private static final byte[] DATE_JOINED = Utf8JsonWriter.name("date_joined");

  private static void writePin(Utf8JsonWriter out, RawPin pin) {
    out.field(INDEX);
    out.number(pin.index());
    text(out, UNIQUE_ID, pin.uniqueId());
    text(out, TITLE, pin.title());
    text(out, DESCRIPTION, pin.description());
    text(out, POSTER_NAME, pin.posterName());
    text(out, FOLLOWER_COUNT, pin.followerCount());
    text(out, TAG_LIST, pin.tagList());
    text(out, IS_IMAGE_OR_VIDEO, pin.isImageOrVideo());
    text(out, IMAGE_SRC, pin.imageSrc());
    integer(out, DOWNLOADED, pin.downloaded());
    text(out, SAVE_LOCATION, pin.saveLocation());
    text(out, CATEGORY, pin.category());
  }

  private static void writeGeo(Utf8JsonWriter out, RawGeo geo) {
    out.field(IND);
    out.number(geo.ind());
    text(out, TIMESTAMP, geo.timestamp());
    decimal(out, LATITUDE, geo.latitude());
    decimal(out, LONGITUDE, geo.longitude());
    text(out, COUNTRY, geo.country());
  }

  private static void writeUser(Utf8JsonWriter out, RawUser user) {
    out.field(IND);
    out.number(user.ind());
    text(out, FIRST_NAME, user.firstName());
    text(out, LAST_NAME, user.lastName());
    integer(out, AGE, user.age());
    text(out, DATE_JOINED, user.dateJoined());
  }

  private static void text(Utf8JsonWriter out, byte[] name, String value) {
    out.field(name);
    if (value == null) {
      out.nullValue();
    } else {
      out.string(value);
    }
  }

  private static void integer(Utf8JsonWriter out, byte[] name, Integer value) {
    out.field(name);
    if (value == null) {
      out.nullValue();
    } else {
      out.number(value);
    }
  }

  private static void decimal(Utf8JsonWriter out, byte[] name, Double value) {
    out.field(name);
    if (value == null) {
      out.nullValue();
    } else {
      out.number(value);
    }
  }

  // ---------------------------------------------------------------- decoding

  /**
   * Decodes a record value of the given type.
   *
   * @param type which record the bytes should hold
   * @param topic the source topic, used in errors; null means the type's name
   * @param value the record value; null (a tombstone) is a decode error
   * @throws DecodeException naming topic, field and reason, carrying the bytes
   */
  public RawRecord decode(RecordType type, String topic, byte[] value) {
    return switch (type) {
      case PIN -> decodePin(topic, value);
      case GEO -> decodeGeo(topic, value);
      case USER -> decodeUser(topic, value);
    };
  }

  /**
   * Decodes a pin.
   *
   * @throws DecodeException see {@link #decode}
   */
  public RawPin decodePin(String topic, byte[] value) {
    return read(RecordType.PIN, topic, value, PinFields::new).toRecord();
  }

  /**
   * Decodes a geo record.
   *
   * @throws DecodeException see {@link #decode}
   */
  public RawGeo decodeGeo(String topic, byte[] value) {
    return read(RecordType.GEO, topic, value, GeoFields::new).toRecord();
  }

  /**
   * Decodes a user record.
   *
   * @throws DecodeException see {@link #decode}
   */
  public RawUser decodeUser(String topic, byte[] value) {
    return read(RecordType.USER, topic, value, UserFields::new).toRecord();
  }

  private <F extends Fields<?>> F read(
      RecordType type, String topic, byte[] value, java.util.function.Function<RecordReader, F> fields) {
    String source = topic == null ? type.suffix() : topic;
    if (value == null) {
      throw new DecodeException(
          source, DecodeException.WHOLE_VALUE, QuarantineReason.NULL_VALUE, "value is null (a tombstone)", null, null);
    }
    if (value.length > maxRecordBytes) {
      throw new DecodeException(
          source,
          DecodeException.WHOLE_VALUE,
          QuarantineReason.MALFORMED_JSON,
          "value is " + value.length + " bytes, over the limit of " + maxRecordBytes,
          value,
          null);
    }
    String field = DecodeException.WHOLE_VALUE;
    try (JsonParser parser = factory.createParser(value)) {
      RecordReader reader = new RecordReader(parser, source, value);
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw reader.fail(
            field, first == null ? "value is empty" : "not a JSON object (starts with " + first.asString() + ")");
      }
      F target = fields.apply(reader);
      // nextFieldName: Jackson's fast path for "the next token is a field name, give me the name"
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        field = name;
        parser.nextToken();
        target.read(name);
        field = DecodeException.WHOLE_VALUE;
      }
      if (parser.currentToken() != JsonToken.END_OBJECT) {
        throw reader.fail(field, "malformed JSON: unexpected " + parser.currentToken());
      }
      if (parser.nextToken() != null) {
        throw reader.fail(field, "trailing data after the JSON object");
      }
      return target;
    } catch (DecodeException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new DecodeException(source, field, QuarantineReason.MALFORMED_JSON, "malformed JSON: " + describe(e), value, e);
    } catch (IOException | RuntimeException e) {
      throw new DecodeException(
          source, field, QuarantineReason.MALFORMED_JSON, "unreadable value: " + e.getClass().getSimpleName(), value, e);
    }
  }

  private static String describe(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    if (cut >= 0) {
      message = message.substring(0, cut);
    }
    if (message.length() > 200) {
      message = message.substring(0, 200) + "...";
    }
    long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
    return offset >= 0 ? message + " (at byte " + offset + ")" : message;
  }

  /** Accumulates one record's fields while parsing. */
  private abstract static class Fields<R extends RawRecord> {
    final RecordReader in;

    Fields(RecordReader in) {
      this.in = in;
    }

    abstract void read(String field) throws IOException;

    abstract R toRecord();
  }

  private static final class PinFields extends Fields<RawPin> {
    Integer index;
    Integer downloaded;
    String uniqueId, title, description, posterName, followerCount, tagList, media, imageSrc;
    String saveLocation, category;

    PinFields(RecordReader in) {
      super(in);
    }

    @Override
    void read(String field) throws IOException {
      switch (field) {
        case "index" -> index = in.integer(field);
        case "unique_id" -> uniqueId = in.text(field);
        case "title" -> title = in.text(field);
        case "description" -> description = in.text(field);
        case "poster_name" -> posterName = in.text(field);
        case "follower_count" -> followerCount = in.text(field);
        case "tag_list" -> tagList = in.text(field);
        case "is_image_or_video" -> media = in.text(field);
        case "image_src" -> imageSrc = in.text(field);
        case "downloaded" -> downloaded = in.integer(field);
        case "save_location" -> saveLocation = in.text(field);
        case "category" -> category = in.text(field);
        default -> in.skip();
      }
    }

    @Override
    RawPin toRecord() {
      return new RawPin(
          in.index("index", index), uniqueId, title, description, posterName, followerCount, tagList,
          media, imageSrc, downloaded, saveLocation, category);
    }
  }

  private static final class GeoFields extends Fields<RawGeo> {
    Integer ind;
    String timestamp, country;
    Double latitude, longitude;

    GeoFields(RecordReader in) {
      super(in);
    }

    @Override
    void read(String field) throws IOException {
      switch (field) {
        case "ind" -> ind = in.integer(field);
        case "timestamp" -> timestamp = in.text(field);
        case "latitude" -> latitude = in.decimal(field);
        case "longitude" -> longitude = in.decimal(field);
        case "country" -> country = in.text(field);
        default -> in.skip();
      }
    }

    @Override
    RawGeo toRecord() {
      return new RawGeo(in.index("ind", ind), timestamp, latitude, longitude, country);
    }
  }

  private static final class UserFields extends Fields<RawUser> {
    Integer ind, age;
    String firstName, lastName, dateJoined;

    UserFields(RecordReader in) {
      super(in);
    }

    @Override
    void read(String field) throws IOException {
      switch (field) {
        case "ind" -> ind = in.integer(field);
        case "first_name" -> firstName = in.text(field);
        case "last_name" -> lastName = in.text(field);
        case "age" -> age = in.integer(field);
        case "date_joined" -> dateJoined = in.text(field);
        default -> in.skip();
      }
    }

    @Override
    RawUser toRecord() {
      return new RawUser(in.index("ind", ind), firstName, lastName, age, dateJoined);
    }
  }
}
