package io.pinpipe.ingest.rest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the gateway's JSON answers: {@code application/vnd.kafka.v2+json} unless negotiated. */
final class JsonAnswer {
  static final String MEDIA_TYPE = "application/vnd.kafka.v2+json";
  static final String PLAIN_JSON = "application/json";
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonAnswer() {}

  /** Body writer for {@link #json}. */
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  static byte[] json(Body body) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] error(int errorCode, String message) {
    return json(json -> {
      json.writeStartObject();
      json.writeNumberField("error_code", errorCode);
      json.writeStringField("message", message);
      json.writeEndObject();
    });
  }

  static void send(Response response, int status, byte[] body, Callback callback) {
    send(response, status, MEDIA_TYPE, body, callback);
  }

  static void send(Response response, int status, String contentType, byte[] body, Callback callback) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * The Content-Type of an error Confluent answers outside a matched resource (415, unknown route):
   * the first type of the Accept header, by quality, that is {@code application/json} or {@code
   * application/vnd.kafka.v2+json}; otherwise {@code application/json} (rest-utils'
   * WebApplicationExceptionMapper with kafka-rest's preferred and default response types).
   */
  static String negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return PLAIN_JSON;
    }
    record Candidate(String type, double quality) {}
    List<Candidate> candidates = new ArrayList<>();
    for (String part : accept.split(",")) {
      String[] pieces = part.split(";");
      String type = pieces[0].strip().toLowerCase(Locale.ROOT);
      double quality = 1.0;
      for (int i = 1; i < pieces.length; i++) {
        String parameter = pieces[i].strip();
        if (parameter.startsWith("q=")) {
          try {
            quality = Double.parseDouble(parameter.substring(2));
          } catch (NumberFormatException e) {
            quality = 0;
          }
        }
      }
      candidates.add(new Candidate(type, quality));
    }
    candidates.sort((a, b) -> Double.compare(b.quality(), a.quality()));
    for (Candidate candidate : candidates) {
      if (candidate.quality() > 0 && (candidate.type().equals(PLAIN_JSON) || candidate.type().equals(MEDIA_TYPE))) {
        return candidate.type();
      }
    }
    return PLAIN_JSON;
  }
}
