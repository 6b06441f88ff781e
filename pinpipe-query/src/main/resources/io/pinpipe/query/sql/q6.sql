-- Q6: how many users joined in each year 2015..2020 (user_clean only). A user is a distinct
-- (user_name, date_joined) pair; join_year is the UTC year of date_joined. Rows with a null user_name
-- or date_joined are ignored; a year without users has no row.
-- Columns: join_year, number_users_joined. Order: join_year.
WITH users AS (
  SELECT DISTINCT user_name, date_joined
  FROM user_clean
  WHERE user_name IS NOT NULL AND date_joined IS NOT NULL
),
years AS (
  SELECT YEAR(DATE_FROM_UNIX_DATE(CAST(FLOOR(UNIX_SECONDS(date_joined) / 86400) AS INT))) AS join_year
  FROM users
)
SELECT join_year, COUNT(*) AS number_users_joined
FROM years
WHERE join_year BETWEEN 2015 AND 2020
GROUP BY join_year
ORDER BY join_year
