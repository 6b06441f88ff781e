-- Q3: the user (poster_name) with the most followers in each country (pin_clean JOIN geo_clean ON ind).
-- Rows with a null country, poster_name or follower_count are ignored; a tie goes to the alphabetically
-- first poster_name.
-- Columns: country, poster_name, follower_count. Order: country.
WITH users AS (
  SELECT g.country, p.poster_name, p.follower_count
  FROM pin_clean p
  JOIN geo_clean g ON p.ind = g.ind
  WHERE g.country IS NOT NULL AND p.poster_name IS NOT NULL AND p.follower_count IS NOT NULL
),
ranked AS (
  SELECT country, poster_name, follower_count,
         ROW_NUMBER() OVER (PARTITION BY country ORDER BY follower_count DESC, poster_name ASC) AS place
  FROM users
)
SELECT country, poster_name, follower_count
FROM ranked
WHERE place = 1
ORDER BY country
