package io.pinpipe.ingest.config;

import io.pinpipe.model.Names;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kafka client properties that never show their secrets: {@link #toString()} redacts every value
 * whose key names a password, secret, key, token, credential or JAAS configuration. Pass {@link
 * #asMap()} to a Kafka client constructor.
 *
 * <p>Factories cover plaintext, SASL/SCRAM and AWS MSK IAM (exactly the properties of the
 * aws-msk-iam-auth documentation), and loading a {@code client.properties} file as the original
 * setup used. Immutable and thread-safe.
 */
public final class ClientProperties {
  /** MSK IAM's login module. */
  public static final String MSK_IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
  /** MSK IAM's client callback handler. */
  public static final String MSK_IAM_CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";

  private static final String REDACTED = "[redacted]";
  private static final Pattern SENSITIVE_KEY =
      Pattern.compile("(?i).*(password|secret|jaas|token|credential|\\.key$|apikey|api\\.key|key\\.password).*");
  private static final Pattern JAAS_VALUE = Pattern.compile("[^\"\\\\\\n\\r]*");

  private final Map<String, Object> properties;

  private ClientProperties(Map<String, Object> properties) {
    this.properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** Wraps existing properties (copied). */
  public static ClientProperties of(Map<String, ?> properties) {
    Map<String, Object> copy = new LinkedHashMap<>();
    properties.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
    return new ClientProperties(copy);
  }

  /** Plaintext access to {@code bootstrapServers} ({@code host:port[,host:port...]}). */
  public static ClientProperties plaintext(String bootstrapServers) {
    return of(Map.of("bootstrap.servers", checkBootstrap(bootstrapServers)));
  }

  /**
   * SASL/SCRAM over TLS ({@code SASL_SSL}).
   *
   * @param mechanism {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}
   */
  public static ClientProperties scram(String bootstrapServers, String mechanism, String username, String password) {
    if (!mechanism.equals("SCRAM-SHA-256") && !mechanism.equals("SCRAM-SHA-512")) {
      throw new IllegalArgumentException(
          "Cannot use SASL mechanism " + Names.quote(mechanism) + ": expected SCRAM-SHA-256 or SCRAM-SHA-512");
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", checkBootstrap(bootstrapServers));
    props.put("security.protocol", "SASL_SSL");
    props.put("sasl.mechanism", mechanism);
    props.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + jaasValue("username", username)
            + "\" password=\""
            + jaasValue("password", password)
            + "\";");
    return new ClientProperties(props);
  }

  /**
   * AWS MSK with IAM access control: {@code SASL_SSL}, mechanism {@code AWS_MSK_IAM}, MSK's login module
   * and callback handler, credentials as {@code auth} says. Needs {@code aws-msk-iam-auth} at run time.
   */
  public static ClientProperties mskIam(String bootstrapServers, MskIamAuth auth) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", checkBootstrap(bootstrapServers));
    props.put("security.protocol", "SASL_SSL");
    props.put("sasl.mechanism", "AWS_MSK_IAM");
    props.put("sasl.jaas.config", auth.jaasConfig());
    props.put("sasl.client.callback.handler.class", MSK_IAM_CALLBACK_HANDLER);
    return new ClientProperties(props);
  }

  /**
   * Loads a Java properties file such as the original setup's {@code client.properties}.
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  public static ClientProperties load(Path file) {
    Properties loaded = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      loaded.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read client properties " + file + ": " + e.getMessage(), e);
    }
    Map<String, Object> props = new TreeMap<>();
    loaded.stringPropertyNames().forEach(name -> props.put(name, loaded.getProperty(name).strip()));
    return new ClientProperties(props);
  }

  /** A copy with one property set (replacing any earlier value). */
  public ClientProperties with(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(properties);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
    return new ClientProperties(copy);
  }

  /** A copy with every property of {@code other} set over these. */
  public ClientProperties withAll(Map<String, ?> other) {
    ClientProperties result = this;
    for (Map.Entry<String, ?> e : other.entrySet()) {
      result = result.with(e.getKey(), e.getValue());
    }
    return result;
  }

  /** The properties, unmodifiable, for Kafka client constructors. Contains secrets: do not log it. */
  public Map<String, Object> asMap() {
    return properties;
  }

  /** {@code bootstrap.servers}, or null when unset. */
  public String bootstrapServers() {
    Object value = properties.get("bootstrap.servers");
    return value == null ? null : value.toString();
  }

  /** Whether a key's value is hidden by {@link #toString()}. */
  public static boolean isSensitive(String key) {
    return SENSITIVE_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  /** The properties with sensitive values replaced by {@value #REDACTED}, safe to log. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("ClientProperties{");
    boolean first = true;
    for (Map.Entry<String, Object> e : properties.entrySet()) {
      out.append(first ? "" : ", ").append(e.getKey()).append('=');
      out.append(isSensitive(e.getKey()) ? REDACTED : e.getValue());
      first = false;
    }
    return out.append('}').toString();
  }

  private static String checkBootstrap(String bootstrapServers) {
    if (bootstrapServers == null || !bootstrapServers.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}(,[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5})*")) {
      throw new IllegalArgumentException(
          "Cannot use bootstrap servers " + Names.quote(bootstrapServers) + ": expected host:port[,host:port...]");
    }
    return bootstrapServers;
  }

  static String jaasValue(String what, String value) {
    if (value == null || value.isEmpty() || !JAAS_VALUE.matcher(value).matches()) {
      // the value itself may be a secret: never echo it
      throw new IllegalArgumentException(
          "Cannot use the given " + what + " in a JAAS configuration: it is empty or contains a quote, backslash or newline");
    }
    return value;
  }
}
