package io.pinpipe.model.clean;

import java.time.Instant;

/**
 * A row of {@code user_clean}, columns in SPEC order.
 *
 * @param ind row index
 * @param userName {@code first_name + " " + last_name}, null if either is missing
 * @param age age in years, null if missing
 * @param dateJoined when the user joined (UTC), null if missing
 */
public record CleanUser(int ind, String userName, Integer age, Instant dateJoined) {}
