package io.pinpipe.query.results;

/**
 * The country whose top user has the most followers (Q3b).
 *
 * @param country the country
 * @param followerCount its top user's followers
 */
public record CountryFollowers(String country, long followerCount) {}
