package io.pinpipe.ingest.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.pinpipe.ingest.RecordPosition;
import io.pinpipe.model.Names;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A client of Confluent REST Proxy v2 (or pinpipe's {@link RestGateway}) in the JSON embedded format,
 * on the JDK {@link HttpClient}. Sends records in batches of {@link Builder#batchSize}.
 *
 * <p>Retries, with exponential backoff, exactly what Confluent marks retriable: records answered with
 * {@code error_code} 50003 ({@link RestErrorCodes#KAFKA_RETRIABLE_ERROR}; only those records are sent
 * again, and a whole-request 50003 likewise), answers with HTTP 429 or 503 (honouring Retry-After),
 * and connection failures before the request was sent (connection refused, connect timeout, unknown
 * host). Everything else fails at once with a {@link RestProxyException}: 4xx answers, records with
 * 50002 ({@link RestErrorCodes#KAFKA_ERROR}, not retriable), 40101, 40301.
 *
 * <p><b>HTTP produce is at-least-once.</b> A request that was sent but not answered (connection lost,
 * request timeout) is not retried: the proxy may already have written its records, and a retry after
 * an unanswered request can duplicate them; the exception (status -1) says so and the caller decides.
 * Records retried after 50003 can be duplicated the same way, since Kafka may have stored them before
 * the error was reported. Consumers that must not see duplicates deduplicate by key.
 *
 * <p>Thread-safe. Credentials are never shown by {@code toString()} or in exceptions.
 */
public final class RestProxyClient {
  private static final String CONTENT_TYPE = "application/vnd.kafka.json.v2+json";
  private static final JsonFactory JSON = new JsonFactory();

  private final URI base;
  private final HttpClient http;
  private final String authHeaderName;
  private final String authHeaderValue;
  private final int batchSize;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration requestTimeout;

  private RestProxyClient(Builder builder) {
    this.base = builder.base;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    this.authHeaderName = builder.authHeaderName;
    this.authHeaderValue = builder.authHeaderValue;
    this.batchSize = builder.batchSize;
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.requestTimeout = builder.requestTimeout;
  }

  /** A client for the proxy at {@code base}, for example {@code https://abc.execute-api.us-east-1.amazonaws.com/prod}. */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /**
   * Posts records to a topic and returns where each landed, in order. Batches already posted stay
   * posted when a later one fails.
   *
   * @throws RestProxyException when the proxy refuses the request (4xx, non-retriable record errors),
   *     a request goes unanswered (its records may or may not be in Kafka), or retriable failures last
   *     past the last attempt; the message names the topic, the status and the proxy's error code
   */
  public List<RecordPosition> post(String topic, List<RestRecord> records) {
    Names.checkTopic(topic);
    List<RecordPosition> positions = new ArrayList<>(records.size());
    for (int from = 0; from < records.size(); from += batchSize) {
      positions.addAll(postBatch(topic, records.subList(from, Math.min(records.size(), from + batchSize))));
    }
    return positions;
  }

  private List<RecordPosition> postBatch(String topic, List<RestRecord> batch) {
    RecordPosition[] result = new RecordPosition[batch.size()];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      pending.add(i);
    }
    Duration backoff = initialBackoff;
    String lastProblem = "";
    int lastStatus = -1;
    int lastCode = -1;
    for (int attempt = 1; attempt <= maxAttempts && !pending.isEmpty(); attempt++) {
      if (attempt > 1) {
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(request(topic, batch, pending), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        if (!failedBeforeSending(e)) {
          throw new RestProxyException("Cannot post " + pending.size() + " records to topic '" + topic
              + "': the request was sent but not answered (" + e.getClass().getSimpleName() + "); they may or may not "
              + "be in Kafka, and posting them again can duplicate them", -1, -1);
        }
        lastStatus = -1;
        lastCode = -1;
        lastProblem = "cannot connect: " + e.getClass().getSimpleName();
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RestProxyException("Cannot post to topic '" + topic + "': interrupted", -1, -1);
      }
      lastStatus = response.statusCode();
      if (RestErrorCodes.isRetriableStatus(lastStatus)) {
        ProxyError error = ProxyError.parse(response.body());
        lastCode = error.code;
        lastProblem = "HTTP " + lastStatus + ", error_code " + error.code + ": " + error.message;
        backoff = max(backoff, retryAfter(response));
        continue;
      }
      if (lastStatus != 200) {
        ProxyError error = ProxyError.parse(response.body());
        if (RestErrorCodes.isRetriable(error.code)) {
          lastCode = error.code;
          lastProblem = "HTTP " + lastStatus + ", error_code " + error.code + ": " + error.message;
          continue;
        }
        throw new RestProxyException(
            "Cannot post to topic '" + topic + "': HTTP " + lastStatus + ", error_code " + error.code + ": " + error.message,
            lastStatus, error.code);
      }
      List<Offset> offsets = Offset.parseAll(response.body());
      if (offsets.size() != pending.size()) {
        throw new RestProxyException("Cannot post to topic '" + topic + "': the proxy answered " + offsets.size()
            + " offsets for " + pending.size() + " records", lastStatus, -1);
      }
      List<Integer> retry = new ArrayList<>();
      for (int i = 0; i < offsets.size(); i++) {
        Offset offset = offsets.get(i);
        int index = pending.get(i);
        if (offset.errorCode < 0) {
          result[index] = new RecordPosition(topic, offset.partition, offset.offset);
        } else if (RestErrorCodes.isRetriable(offset.errorCode)) {
          retry.add(index);
          lastCode = offset.errorCode;
          lastProblem = offset.error;
        } else {
          throw new RestProxyException("Cannot post record " + index + " to topic '" + topic + "': error_code "
              + offset.errorCode + ": " + offset.error, lastStatus, offset.errorCode);
        }
      }
      pending = retry;
    }
    if (!pending.isEmpty()) {
      throw new RestProxyException("Cannot post " + pending.size() + " records to topic '" + topic + "' after "
          + maxAttempts + " attempts: " + lastProblem, lastStatus, lastCode);
    }
    return List.of(result);
  }

  private HttpRequest request(String topic, List<RestRecord> batch, List<Integer> indexes) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(indexes.size() * 600);
    body.writeBytes("{\"records\":[".getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < indexes.size(); i++) {
      RestRecord record = batch.get(indexes.get(i));
      body.writeBytes((i == 0 ? "{" : ",{").getBytes(StandardCharsets.US_ASCII));
      if (record.keyJson() != null) {
        body.writeBytes("\"key\":".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(record.keyJson());
        body.write(',');
      }
      body.writeBytes("\"value\":".getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(record.valueJson() == null ? "null".getBytes(StandardCharsets.US_ASCII) : record.valueJson());
      body.write('}');
    }
    body.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/topics/" + topic))
        .timeout(requestTimeout)
        .header("Content-Type", CONTENT_TYPE)
        .header("Accept", "application/vnd.kafka.v2+json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (authHeaderName != null) {
      request.header(authHeaderName, authHeaderValue);
    }
    return request.build();
  }

  /**
   * Whether a failed exchange failed before the request went out (no connection could be made), so
   * sending it again cannot duplicate anything.
   */
  static boolean failedBeforeSending(IOException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
          || cause instanceof NoRouteToHostException || cause instanceof UnknownHostException
          || cause instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").map(value -> {
      try {
        return Duration.ofSeconds(Math.min(60, Long.parseLong(value.strip())));
      } catch (NumberFormatException e) {
        return Duration.ZERO;
      }
    }).orElse(Duration.ZERO);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestProxyException("Cannot post: interrupted while backing off", -1, -1);
    }
  }

  @Override
  public String toString() {
    return "RestProxyClient[" + base + (authHeaderName == null ? "" : ", auth=" + authHeaderName + ": ****") + "]";
  }

  private record Offset(int partition, long offset, int errorCode, String error) {
    static List<Offset> parseAll(byte[] body) {
      List<Offset> offsets = new ArrayList<>();
      try (JsonParser parser = JSON.createParser(body)) {
        while (parser.nextToken() != null) {
          if (parser.currentToken() == JsonToken.FIELD_NAME && parser.currentName().equals("offsets")) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.START_OBJECT) {
              int partition = -1;
              long offset = -1;
              int code = -1;
              String error = null;
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                boolean number = value == JsonToken.VALUE_NUMBER_INT;
                switch (name) {
                  case "partition" -> partition = number ? parser.getIntValue() : -1;
                  case "offset" -> offset = number ? parser.getLongValue() : -1;
                  case "error_code" -> code = number ? parser.getIntValue() : -1;
                  case "error" -> error = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                  default -> parser.skipChildren();
                }
              }
              offsets.add(new Offset(partition, offset, code, error));
            }
            return offsets;
          }
        }
      } catch (IOException e) {
        throw new RestProxyException("Cannot read the proxy's answer: not the REST Proxy v2 JSON", 200, -1);
      }
      return offsets;
    }
  }

  private record ProxyError(int code, String message) {
    static ProxyError parse(byte[] body) {
      int code = -1;
      String message = "(no message)";
      try (JsonParser parser = JSON.createParser(body)) {
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("error_code") && value == JsonToken.VALUE_NUMBER_INT) {
              code = parser.getIntValue();
            } else if (name.equals("message") && value == JsonToken.VALUE_STRING) {
              message = Names.quote(parser.getText());
            } else {
              parser.skipChildren();
            }
          }
        }
      } catch (IOException e) {
        message = "(answer is not JSON)";
      }
      return new ProxyError(code, message);
    }
  }

  /** Configures a {@link RestProxyClient}; not thread-safe. */
  public static final class Builder {
    private final URI base;
    private String authHeaderName;
    private String authHeaderValue;
    private int batchSize = 100;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration requestTimeout = Duration.ofSeconds(60);

    private Builder(URI base) {
      String text = Objects.requireNonNull(base, "base").toString();
      if (!(text.startsWith("http://") || text.startsWith("https://"))) {
        throw new IllegalArgumentException("Cannot use REST URL " + Names.quote(text) + ": expected http:// or https://");
      }
      this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** Sends an API key header with every request. */
    public Builder apiKey(String headerName, String key) {
      this.authHeaderName = Objects.requireNonNull(headerName, "headerName");
      this.authHeaderValue = Objects.requireNonNull(key, "key");
      return this;
    }

    /** Sends HTTP basic credentials with every request. */
    public Builder basicAuth(String user, String password) {
      this.authHeaderName = "Authorization";
      this.authHeaderValue = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** Records per request (default 100; the original client sent 1). */
    public Builder batchSize(int records) {
      if (records < 1) {
        throw new IllegalArgumentException("Cannot use batch size " + records + ": at least 1");
      }
      this.batchSize = records;
      return this;
    }

    /** Attempts per batch, the first included (default 5). */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("Cannot use " + attempts + " attempts: at least 1");
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** Backoff before the second attempt, doubled after each (default 200 ms). */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** Timeout of one HTTP request (default 60 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Builds the client. */
    public RestProxyClient build() {
      return new RestProxyClient(this);
    }
  }
}
