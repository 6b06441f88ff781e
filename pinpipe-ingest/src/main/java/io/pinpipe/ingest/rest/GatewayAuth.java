package io.pinpipe.ingest.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;

/**
 * How the gateway authenticates callers: not at all (default, e.g. behind API Gateway), with an API
 * key header, or with HTTP basic auth. Secrets are compared in constant time and never shown by
 * {@code toString()}.
 */
public sealed interface GatewayAuth {
  /** No authentication. */
  static GatewayAuth none() {
    return new None();
  }

  /** A shared key in a request header, for example {@code x-api-key}. */
  static GatewayAuth apiKey(String headerName, String key) {
    return new ApiKey(headerName, key);
  }

  /** HTTP basic authentication with one user. */
  static GatewayAuth basic(String user, String password) {
    return new Basic(user, password);
  }

  /** No authentication. */
  record None() implements GatewayAuth {}

  /**
   * API key authentication.
   *
   * @param headerName header carrying the key
   * @param key the expected key, at least 16 characters
   */
  record ApiKey(String headerName, String key) implements GatewayAuth {
    /** Rejects blank header names and short keys (without echoing the key). */
    public ApiKey {
      if (headerName == null || headerName.isBlank() || key == null || key.length() < 16) {
        throw new IllegalArgumentException("Cannot use API key auth: header name must be set and the key at least 16 characters");
      }
    }

    @Override
    public String toString() {
      return "ApiKey[headerName=" + headerName + ", key=****]";
    }
  }

  /**
   * Basic authentication.
   *
   * @param user the user name
   * @param password the password, at least 8 characters
   */
  record Basic(String user, String password) implements GatewayAuth {
    /** Rejects blank users and short passwords (without echoing the password). */
    public Basic {
      if (user == null || user.isBlank() || user.contains(":") || password == null || password.length() < 8) {
        throw new IllegalArgumentException(
            "Cannot use basic auth: user must be set without ':' and the password at least 8 characters");
      }
    }

    @Override
    public String toString() {
      return "Basic[user=" + user + ", password=****]";
    }
  }

  /** Whether the given header values satisfy this method; {@code header} looks up a request header. */
  static boolean allows(GatewayAuth auth, java.util.function.Function<String, String> header) {
    Objects.requireNonNull(auth, "auth");
    if (auth instanceof ApiKey apiKey) {
      return constantTimeEquals(header.apply(apiKey.headerName()), apiKey.key());
    }
    if (auth instanceof Basic basic) {
      String expected = "Basic " + Base64.getEncoder().encodeToString(
          (basic.user() + ":" + basic.password()).getBytes(StandardCharsets.UTF_8));
      return constantTimeEquals(header.apply("Authorization"), expected);
    }
    return true;
  }

  private static boolean constantTimeEquals(String given, String expected) {
    return given != null
        && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }
}
