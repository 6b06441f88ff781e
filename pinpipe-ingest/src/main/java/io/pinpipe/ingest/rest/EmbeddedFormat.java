package io.pinpipe.ingest.rest;

import java.util.Locale;

/** The two embedded formats of REST Proxy v2 produce requests. */
enum EmbeddedFormat {
  /** Values and keys are JSON; Kafka gets their compact JSON text. */
  JSON("application/vnd.kafka.json.v2+json"),
  /** Values and keys are base64 strings; Kafka gets the decoded bytes. */
  BINARY("application/vnd.kafka.binary.v2+json");

  final String mediaType;

  EmbeddedFormat(String mediaType) {
    this.mediaType = mediaType;
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
