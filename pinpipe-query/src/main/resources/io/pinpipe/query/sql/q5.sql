-- Q5: the median follower count in each age group, over joined post rows (pin_clean JOIN user_clean ON ind).
-- Median = lower median: the smallest value v such that at least half of the values are <= v
-- (PERCENTILE_DISC(0.5)), exact. Age groups: 18-24, 25-35, 36-50, 50+ (51 and over); ages below 18
-- fall in none. Rows with a null age or follower_count are ignored.
-- Columns: age_group, median_follower_count. Order: age_group.
WITH posts AS (
  SELECT CASE
           WHEN u.age BETWEEN 18 AND 24 THEN '18-24'
           WHEN u.age BETWEEN 25 AND 35 THEN '25-35'
           WHEN u.age BETWEEN 36 AND 50 THEN '36-50'
           WHEN u.age > 50 THEN '50+'
         END AS age_group,
         p.follower_count
  FROM pin_clean p
  JOIN user_clean u ON p.ind = u.ind
  WHERE u.age IS NOT NULL AND p.follower_count IS NOT NULL
)
SELECT age_group,
       CAST(PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY follower_count) AS BIGINT) AS median_follower_count
FROM posts
WHERE age_group IS NOT NULL
GROUP BY age_group
ORDER BY age_group
