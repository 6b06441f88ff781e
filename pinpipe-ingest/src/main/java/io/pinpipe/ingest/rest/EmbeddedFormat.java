package io.pinpipe.ingest.rest;

import java.util.Locale;

/**
 * The embedded formats of REST Proxy v2 produce requests. Only {@link #JSON} and {@link #BINARY} can be
 * produced: the schema'd ones need a Schema Registry, which pinpipe does not have, and are recognised
 * only to refuse them with an error that says so.
 */
enum EmbeddedFormat {
  /** Values and keys are JSON; Kafka gets their compact JSON text. */
  JSON("json", "application/vnd.kafka.json.v2+json", false),
  /** Values and keys are base64 strings; Kafka gets the decoded bytes. */
  BINARY("binary", "application/vnd.kafka.binary.v2+json", false),
  /** Avro: needs a Schema Registry. */
  AVRO("avro", "application/vnd.kafka.avro.v2+json", true),
  /** JSON Schema: needs a Schema Registry. */
  JSONSCHEMA("jsonschema", "application/vnd.kafka.jsonschema.v2+json", true),
  /** Protobuf: needs a Schema Registry. */
  PROTOBUF("protobuf", "application/vnd.kafka.protobuf.v2+json", true);

  final String formatName;
  final String mediaType;
  final boolean needsSchemaRegistry;

  EmbeddedFormat(String formatName, String mediaType, boolean needsSchemaRegistry) {
    this.formatName = formatName;
    this.mediaType = mediaType;
    this.needsSchemaRegistry = needsSchemaRegistry;
  }

  /** The format of a Content-Type header (parameters such as charset allowed), or null. */
  static EmbeddedFormat of(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    for (EmbeddedFormat format : values()) {
      if (format.mediaType.equals(type)) {
        return format;
      }
    }
    return null;
  }
}
