-- Q3b: the country whose top user (Q3) has the most followers; one row. A tie goes to the
-- alphabetically first country.
-- Columns: country, follower_count.
WITH users AS (
  SELECT g.country, p.poster_name, p.follower_count
  FROM pin_clean p
  JOIN geo_clean g ON p.ind = g.ind
  WHERE g.country IS NOT NULL AND p.poster_name IS NOT NULL AND p.follower_count IS NOT NULL
),
top_per_country AS (
  SELECT country, MAX(follower_count) AS follower_count
  FROM users
  GROUP BY country
)
SELECT country, follower_count
FROM top_per_country
ORDER BY follower_count DESC, country ASC
LIMIT 1
