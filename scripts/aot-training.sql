-- The AOT training run of ./nabla (docs/cli.md "Start-up"): the statements a session typically starts
-- with, so the JDK 25 AOT cache holds their classes loaded and linked and their methods' profiles.
SELECT 1;
CREATE TABLE pts AS SELECT i AS id, i / 100.0 AS x, 2 * i / 100.0 + 1 AS y, i % 7 AS g FROM generate_series(1, 5000) g(i);
CREATE TABLE params AS SELECT 0.5 AS a, 0.1 AS b;
SELECT COUNT(*), SUM(x), AVG(y), MIN(x), MAX(y) FROM pts;
SELECT SUM(grad(sin(x) * y + exp(-x * x), x)) FROM pts;
SELECT AVG(grad(power(a * x + b - y, 2), a)), AVG(grad(power(a * x + b - y, 2), b)) FROM pts, params;
SELECT g, SUM(grad(sin(x) * y, x)) AS d, COUNT(*) FROM pts WHERE x > 1 GROUP BY g ORDER BY g;
SELECT p.id, q.x FROM pts p JOIN pts q ON p.id = q.id WHERE p.id < 5 ORDER BY p.id;
WITH RECURSIVE gd(step, a, b) AS (
  SELECT 0, 0.5, 0.1
  UNION ALL
  SELECT step + 1, a - 0.01 * AVG(grad(power(a * x + b - y, 2), a)), b - 0.01 * AVG(grad(power(a * x + b - y, 2), b))
  FROM gd, pts WHERE step < 20 GROUP BY step, a, b)
SELECT a, b FROM gd WHERE step = 20;
SELECT 'text' || id AS s, CAST(x AS INTEGER) AS n FROM pts WHERE id <= 3;
UPDATE params SET a = a - 0.1;
DROP TABLE pts;
