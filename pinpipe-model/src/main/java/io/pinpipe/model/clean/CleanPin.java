package io.pinpipe.model.clean;

/**
 * A row of {@code pin_clean}, columns in SPEC order. Text columns are null where the raw value was
 * missing or a placeholder.
 *
 * @param ind row index (raw {@code index})
 * @param uniqueId unique_id
 * @param title title
 * @param description description
 * @param followerCount parsed follower count
 * @param posterName poster_name
 * @param tagList tag_list
 * @param isImageOrVideo is_image_or_video
 * @param imageSrc image_src
 * @param saveLocation save_location without the {@code Local save in } prefix
 * @param category category
 */
public record CleanPin(
    int ind,
    String uniqueId,
    String title,
    String description,
    Long followerCount,
    String posterName,
    String tagList,
    String isImageOrVideo,
    String imageSrc,
    String saveLocation,
    String category) {}
