-- Logistic regression trained entirely in SQL: sigmoid + log-loss, full-batch gradient descent in
-- a recursive CTE whose recursive term aggregates grad() of the loss over all points.
--
-- Data: 400 deterministic points with features in [-2, 2] (sin/cos of the row number as
-- pseudo-noise); the label is 1 on one side of the line x1 + 0.5·x2 = 0.2, with the boundary
-- blurred by 0.15·sin(37·i), so the classes are separable-ish but not perfectly.
--
-- Run: ./nabla examples/logistic_regression.sql

CREATE TABLE pts AS
SELECT i, x1, x2,
       CASE WHEN x1 + 0.5 * x2 - 0.2 + 0.15 * sin(37 * i) > 0 THEN 1.0 ELSE 0.0 END AS label
FROM (SELECT i, 2 * sin(1.7 * i + 0.3) AS x1, 2 * cos(2.3 * i) AS x2 FROM generate_series(1, 400) g(i)) s;

SELECT label, count(*) AS n FROM pts GROUP BY label ORDER BY label;

-- log-loss of one point: -(y·ln σ(z) + (1 - y)·ln(1 - σ(z))), z = w1·x1 + w2·x2 + b
CREATE TABLE training AS
WITH RECURSIVE gd(step, w1, w2, b) AS (
  SELECT 0, 0.0, 0.0, 0.0
  UNION ALL
  SELECT step + 1,
         w1 - 1.0 * AVG(grad(-(label * ln(sigmoid(w1 * x1 + w2 * x2 + b))
                             + (1 - label) * ln(1 - sigmoid(w1 * x1 + w2 * x2 + b))), w1)),
         w2 - 1.0 * AVG(grad(-(label * ln(sigmoid(w1 * x1 + w2 * x2 + b))
                             + (1 - label) * ln(1 - sigmoid(w1 * x1 + w2 * x2 + b))), w2)),
         b  - 1.0 * AVG(grad(-(label * ln(sigmoid(w1 * x1 + w2 * x2 + b))
                             + (1 - label) * ln(1 - sigmoid(w1 * x1 + w2 * x2 + b))), b))
  FROM gd, pts
  WHERE step < 300
  GROUP BY step, w1, w2, b)
SELECT gd.step, w1, w2, b,
       AVG(-(label * ln(sigmoid(w1 * x1 + w2 * x2 + b)) + (1 - label) * ln(1 - sigmoid(w1 * x1 + w2 * x2 + b)))) AS loss
FROM gd, pts
GROUP BY gd.step, w1, w2, b;

SELECT step, w1, w2, b, loss FROM training WHERE step % 50 = 0 ORDER BY step;

-- training accuracy of the final model
CREATE TABLE model AS SELECT w1, w2, b FROM training ORDER BY step DESC LIMIT 1;

SELECT AVG(CASE WHEN (sigmoid(w1 * x1 + w2 * x2 + b) > 0.5) = (label = 1) THEN 1.0 ELSE 0.0 END) AS accuracy
FROM pts, model;
