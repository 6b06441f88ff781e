-- Q1: the most popular category in each country, by number of posts (pin_clean JOIN geo_clean ON ind).
-- Rows with a null country or category are ignored; a tie goes to the alphabetically first category.
-- Columns: country, category, category_count. Order: country.
WITH counts AS (
  SELECT g.country, p.category, COUNT(*) AS category_count
  FROM pin_clean p
  JOIN geo_clean g ON p.ind = g.ind
  WHERE g.country IS NOT NULL AND p.category IS NOT NULL
  GROUP BY g.country, p.category
),
ranked AS (
  SELECT country, category, category_count,
         ROW_NUMBER() OVER (PARTITION BY country ORDER BY category_count DESC, category ASC) AS place
  FROM counts
)
SELECT country, category, category_count
FROM ranked
WHERE place = 1
ORDER BY country
