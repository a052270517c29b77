-- A loss curve for the REPL's .plot: gradient descent on a small least-squares problem, one row
-- per step, written by a recursive CTE into loss_curve(step, loss).
--
-- Run: ./nabla examples/loss_curve.sql          (prints the table)
-- Plot: ./nabla, then
--   nabla> .read examples/loss_curve.sql
--   nabla> SELECT step, loss FROM loss_curve ORDER BY step;
--   nabla> .plot step loss --log-y

CREATE TABLE loss_curve AS
WITH RECURSIVE
  pts(x, y) AS (
    SELECT i / 50.0, 0.5 * (i / 50.0) + 2 + 0.1 * cos(13 * i) FROM generate_series(0, 99) g(i)),
  gd(step, w, b) AS (
    SELECT 0, 0.0, 0.0
    UNION ALL
    SELECT step + 1,
           w - 0.1 * AVG(grad((w * x + b - y) * (w * x + b - y), w)),
           b - 0.1 * AVG(grad((w * x + b - y) * (w * x + b - y), b))
    FROM gd, pts
    WHERE step < 60
    GROUP BY step, w, b)
SELECT step, AVG((w * x + b - y) * (w * x + b - y)) AS loss
FROM gd, pts
GROUP BY step;

SELECT step, loss FROM loss_curve ORDER BY step;

-- the loss never increases
SELECT count(*) AS increases FROM loss_curve c JOIN loss_curve n ON n.step = c.step + 1 WHERE n.loss > c.loss;
