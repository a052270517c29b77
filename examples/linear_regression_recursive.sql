-- Linear regression by gradient descent as ONE recursive query, checked against the closed form.
--
-- 500 points on x in [-1, 1] (standardised: mean 0, so the intercept and slope decouple and
-- lr = 0.4 converges in 200 steps; on x in [0, 1] the slow mode of the loss shrinks only ~5 %
-- per step), y = 2x - 1 + 0.05·sin(37·i).
-- Each iteration of gd sees only the previous iteration's single row (step, a, b) joined with all
-- 500 points; AVG(grad(loss, a)) is the full-batch gradient. GROUP BY makes the iteration yield
-- no row once step = 200, which ends the recursion.
--
-- Run: ./nabla examples/linear_regression_recursive.sql

CREATE TABLE fit AS
WITH RECURSIVE
  pts(i, x, y) AS (
    SELECT i, -1 + 2.0 * i / 499, 2 * (-1 + 2.0 * i / 499) - 1 + 0.05 * sin(37 * i)
    FROM generate_series(0, 499) g(i)),
  gd(step, a, b) AS (
    SELECT 0, 0.0, 0.0
    UNION ALL
    SELECT step + 1,
           a - 0.4 * AVG(grad((a * x + b - y) * (a * x + b - y), a)),
           b - 0.4 * AVG(grad((a * x + b - y) * (a * x + b - y), b))
    FROM gd, pts
    WHERE step < 200
    GROUP BY step, a, b),
  ols(slope, intercept) AS (
    SELECT (AVG(x * y) - AVG(x) * AVG(y)) / (AVG(x * x) - AVG(x) * AVG(x)),
           AVG(y) - (AVG(x * y) - AVG(x) * AVG(y)) / (AVG(x * x) - AVG(x) * AVG(x)) * AVG(x)
    FROM pts)
SELECT gd.step, gd.a, gd.b, ols.slope, ols.intercept,
       abs(gd.a - ols.slope) AS err_a, abs(gd.b - ols.intercept) AS err_b
FROM gd, ols
ORDER BY gd.step DESC
LIMIT 1;

SELECT * FROM fit;

-- both parameters agree with the closed-form least-squares fit within 1e-2
SELECT err_a < 1e-2 AND err_b < 1e-2 AS agrees_with_ols FROM fit;
