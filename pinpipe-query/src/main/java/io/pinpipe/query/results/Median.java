package io.pinpipe.query.results;

/**
 * A median follower count of one group (Q5 age group, Q7 join year, Q8 age group and join year).
 *
 * @param ageGroup the age group, or null when the query does not group by it
 * @param joinYear the join year, or null when the query does not group by it
 * @param medianFollowerCount the lower median
 */
public record Median(String ageGroup, Integer joinYear, long medianFollowerCount) {}
