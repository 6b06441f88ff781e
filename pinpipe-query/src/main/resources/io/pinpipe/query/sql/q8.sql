-- Q8: the median follower count by age group and joining year 2015..2020, over joined post rows
-- (pin_clean JOIN user_clean ON ind). Age groups: 18-24, 25-35, 36-50, 50+ (51 and over); ages below
-- 18 fall in none. join_year is the UTC year of date_joined. Median = lower median (PERCENTILE_DISC(0.5)),
-- exact. Rows with a null age, date_joined or follower_count are ignored.
-- Columns: age_group, join_year, median_follower_count. Order: age_group, join_year.
WITH posts AS (
  SELECT CASE
           WHEN u.age BETWEEN 18 AND 24 THEN '18-24'
           WHEN u.age BETWEEN 25 AND 35 THEN '25-35'
           WHEN u.age BETWEEN 36 AND 50 THEN '36-50'
           WHEN u.age > 50 THEN '50+'
         END AS age_group,
         YEAR(DATE_FROM_UNIX_DATE(CAST(FLOOR(UNIX_SECONDS(u.date_joined) / 86400) AS INT))) AS join_year,
         p.follower_count
  FROM pin_clean p
  JOIN user_clean u ON p.ind = u.ind
  WHERE u.age IS NOT NULL AND u.date_joined IS NOT NULL AND p.follower_count IS NOT NULL
)
SELECT age_group, join_year,
       CAST(PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY follower_count) AS BIGINT) AS median_follower_count
FROM posts
WHERE age_group IS NOT NULL AND join_year BETWEEN 2015 AND 2020
GROUP BY age_group, join_year
ORDER BY age_group, join_year
