package io.pinpipe.model;

/**
 * A raw pin ({@code <prefix>.pin}). Every field except {@code index} may be null when the JSON
 * lacked it or held {@code null}.
 *
 * @param index row index, JSON {@code index}
 * @param uniqueId JSON {@code unique_id}
 * @param title JSON {@code title}
 * @param description JSON {@code description}
 * @param posterName JSON {@code poster_name}
 * @param followerCount JSON {@code follower_count}, raw: {@code "3419"}, {@code "211k"}, {@code "5M"}
 * @param tagList JSON {@code tag_list}
 * @param isImageOrVideo JSON {@code is_image_or_video}
 * @param imageSrc JSON {@code image_src}
 * @param downloaded JSON {@code downloaded}: 1, or 0 when the image could not be fetched
 * @param saveLocation JSON {@code save_location}
 * @param category JSON {@code category}
 */
public record RawPin(
    int index,
    String uniqueId,
    String title,
    String description,
    String posterName,
    String followerCount,
    String tagList,
    String isImageOrVideo,
    String imageSrc,
    Integer downloaded,
    String saveLocation,
    String category)
    implements RawRecord {

  @Override
  public int ind() {
    return index;
  }

  @Override
  public RecordType type() {
    return RecordType.PIN;
  }
}
