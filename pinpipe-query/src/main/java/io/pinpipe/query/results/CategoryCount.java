package io.pinpipe.query.results;

/**
 * The most popular category of one group (Q1 country, Q2 year, Q4 age group).
 *
 * @param group the country, year or age group, as text
 * @param category the category
 * @param categoryCount how many posts it has there
 */
public record CategoryCount(String group, String category, long categoryCount) {}
