-- Q7: the median follower count by joining year 2015..2020, over joined post rows
-- (pin_clean JOIN user_clean ON ind). join_year is the UTC year of date_joined.
-- Median = lower median (PERCENTILE_DISC(0.5)), exact. Rows with a null date_joined or follower_count
-- are ignored; a year without rows has no row.
-- Columns: join_year, median_follower_count. Order: join_year.
WITH posts AS (
  SELECT YEAR(DATE_FROM_UNIX_DATE(CAST(FLOOR(UNIX_SECONDS(u.date_joined) / 86400) AS INT))) AS join_year,
         p.follower_count
  FROM pin_clean p
  JOIN user_clean u ON p.ind = u.ind
  WHERE u.date_joined IS NOT NULL AND p.follower_count IS NOT NULL
)
SELECT join_year,
       CAST(PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY follower_count) AS BIGINT) AS median_follower_count
FROM posts
WHERE join_year BETWEEN 2015 AND 2020
GROUP BY join_year
ORDER BY join_year
