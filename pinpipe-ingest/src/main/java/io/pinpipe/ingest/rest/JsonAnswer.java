package io.pinpipe.ingest.rest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the gateway's JSON answers: {@code application/vnd.kafka.v2+json}. */
final class JsonAnswer {
  static final String MEDIA_TYPE = "application/vnd.kafka.v2+json";
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
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
