package io.pinpipe.model;

/**
 * A raw geolocation ({@code <prefix>.geo}). Every field except {@code ind} may be null.
 *
 * @param ind row index
 * @param timestamp {@code yyyy-MM-dd HH:mm:ss}, UTC, unparsed
 * @param latitude degrees, finite (range is checked by cleaning, not decoding)
 * @param longitude degrees, finite
 * @param country country name
 */
public record RawGeo(int ind, String timestamp, Double latitude, Double longitude, String country)
    implements RawRecord {

  @Override
  public RecordType type() {
    return RecordType.GEO;
  }
}
