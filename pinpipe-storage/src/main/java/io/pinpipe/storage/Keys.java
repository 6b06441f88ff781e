package io.pinpipe.storage;

import io.pinpipe.model.InvalidNameException;

/** Checks object keys and key prefixes against traversal and odd characters. */
public final class Keys {
  private Keys() {}

  /**
   * Checks an archive root (a key prefix such as {@code archive/pinterest}; empty for the bucket root).
   *
   * @return the root without leading or trailing {@code /}
   * @throws InvalidNameException naming the value and the rule
   */
  public static String checkRoot(String root) {
    String trimmed = root == null ? null : root.replaceAll("^/+|/+$", "");
    if (trimmed == null || (!trimmed.isEmpty() && !trimmed.matches("[A-Za-z0-9._=+-]+(/[A-Za-z0-9._=+-]+)*"))
        || trimmed.matches("(.*/)?\\.{1,2}(/.*)?")) {
      throw new InvalidNameException("archive root", root,
          "segments of [A-Za-z0-9._=+-] separated by '/', no '.' or '..' segments");
    }
    return trimmed;
  }

  /**
   * Checks a full key before it reaches a store.
   *
   * @throws InvalidNameException naming the key and the rule
   */
  public static String checkKey(String key) {
    if (key == null || key.isEmpty() || key.startsWith("/") || key.length() > 1024
        || !key.matches("[A-Za-z0-9._=+/-]+") || key.matches("(.*/)?\\.{1,2}(/.*)?") || key.contains("//")) {
      throw new InvalidNameException("object key", key,
          "1..1024 characters of [A-Za-z0-9._=+/-], no leading '/', no empty, '.' or '..' segments");
    }
    return key;
  }
}
