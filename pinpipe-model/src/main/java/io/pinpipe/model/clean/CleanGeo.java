package io.pinpipe.model.clean;

import java.time.Instant;
import java.util.List;

/**
 * A row of {@code geo_clean}, columns in SPEC order.
 *
 * @param ind row index
 * @param country country, null if missing or a placeholder
 * @param coordinates {@code [latitude, longitude]}, or null when either is missing
 * @param timestamp the post's time (UTC), null if missing
 */
public record CleanGeo(int ind, String country, List<Double> coordinates, Instant timestamp) {
  /** Checks that coordinates, when present, hold exactly two numbers; copies the list. */
  public CleanGeo {
    if (coordinates != null) {
      if (coordinates.size() != 2) {
        throw new IllegalArgumentException(
            "Cannot build geo row " + ind + ": coordinates need 2 values, got " + coordinates.size());
      }
      coordinates = List.copyOf(coordinates);
    }
  }
}
