-- Newton's method for sqrt(2): x <- x - f(x) / f'(x) with f(x) = x^2 - 2, f' from grad().
-- A recursive CTE: each iteration reads the previous iteration's one row.
--
-- Run: ./nabla examples/newton_sqrt2.sql

CREATE TABLE newton AS
WITH RECURSIVE it(k, x) AS (
  SELECT 0, 1.0
  UNION ALL
  SELECT k + 1, x - (x * x - 2) / grad(x * x - 2, x)
  FROM it
  WHERE k < 20)
SELECT k, x, abs(x - sqrt(2)) AS err FROM it;

SELECT k, x, err FROM newton WHERE k <= 6 OR k = 20 ORDER BY k;

SELECT x AS sqrt2, err < 1e-9 AS converged FROM newton WHERE k = 20;
