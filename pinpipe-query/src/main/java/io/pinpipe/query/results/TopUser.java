package io.pinpipe.query.results;

/**
 * The user with the most followers in a country (Q3).
 *
 * @param country the country
 * @param posterName the user
 * @param followerCount the user's followers
 */
public record TopUser(String country, String posterName, long followerCount) {}
