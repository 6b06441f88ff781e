package io.pinpipe.query.results;

/**
 * How many distinct users joined in a year (Q6).
 *
 * @param joinYear the year
 * @param numberUsersJoined distinct users that joined then
 */
public record JoinYearCount(int joinYear, long numberUsersJoined) {}
