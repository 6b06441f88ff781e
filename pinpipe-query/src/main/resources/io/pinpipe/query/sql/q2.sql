-- Q2: the most popular category in each year 2018..2022, by number of posts (pin_clean JOIN geo_clean ON ind).
-- post_year is the UTC year of the geo timestamp, whatever the session time zone.
-- Rows with a null timestamp or category are ignored; a tie goes to the alphabetically first category;
-- a year without posts has no row.
-- Columns: post_year, category, category_count. Order: post_year.
WITH posts AS (
  SELECT YEAR(DATE_FROM_UNIX_DATE(CAST(FLOOR(UNIX_SECONDS(g.timestamp) / 86400) AS INT))) AS post_year, p.category
  FROM pin_clean p
  JOIN geo_clean g ON p.ind = g.ind
  WHERE g.timestamp IS NOT NULL AND p.category IS NOT NULL
),
counts AS (
  SELECT post_year, category, COUNT(*) AS category_count
  FROM posts
  WHERE post_year BETWEEN 2018 AND 2022
  GROUP BY post_year, category
),
ranked AS (
  SELECT post_year, category, category_count,
         ROW_NUMBER() OVER (PARTITION BY post_year ORDER BY category_count DESC, category ASC) AS place
  FROM counts
)
SELECT post_year, category, category_count
FROM ranked
WHERE place = 1
ORDER BY post_year
