-- Q4: the most popular category in each age group, by number of posts (pin_clean JOIN user_clean ON ind).
-- Age groups: 18-24, 25-35, 36-50, 50+ (51 and over); ages below 18 fall in none.
-- Rows with a null age or category are ignored; a tie goes to the alphabetically first category.
-- Columns: age_group, category, category_count. Order: age_group.
WITH posts AS (
  SELECT CASE
           WHEN u.age BETWEEN 18 AND 24 THEN '18-24'
           WHEN u.age BETWEEN 25 AND 35 THEN '25-35'
           WHEN u.age BETWEEN 36 AND 50 THEN '36-50'
           WHEN u.age > 50 THEN '50+'
         END AS age_group,
         p.category
  FROM pin_clean p
  JOIN user_clean u ON p.ind = u.ind
  WHERE u.age IS NOT NULL AND p.category IS NOT NULL
),
counts AS (
  SELECT age_group, category, COUNT(*) AS category_count
  FROM posts
  WHERE age_group IS NOT NULL
  GROUP BY age_group, category
),
ranked AS (
  SELECT age_group, category, category_count,
         ROW_NUMBER() OVER (PARTITION BY age_group ORDER BY category_count DESC, category ASC) AS place
  FROM counts
)
SELECT age_group, category, category_count
FROM ranked
WHERE place = 1
ORDER BY age_group
