-- Soft ranking (docs/vectors-and-soft-operators.md, "Soft operators").
--
-- Part 1: soft_rank against rank() as the regularisation ε shrinks. soft_rank is the projection of
-- x/ε onto the permutahedron (Blondel et al. 2020): large ε pulls every rank toward the mean (n+1)/2,
-- and at ε ≤ the smallest gap between sorted values it equals rank() exactly.
-- Part 2: learning to rank. Scores come from a linear model s = w1·f1 + w2·f2; the loss is the mean
-- squared distance between soft ranks of s and the target ranks; gradient descent on (w1, w2) runs as
-- ONE recursive query, differentiating through soft_rank (its exact per-partition Jacobian).
--
-- Run: ./nabla examples/soft_rank_learning.sql

CREATE TABLE pts AS
SELECT i, 0.5 * i + 0.2 * sin(7 * i) AS x
FROM generate_series(1, 40) g(i);

-- the smallest gap between sorted values (about 0.36): ε at or below it gives rank() exactly
CREATE TABLE gaps AS
SELECT min(gap) AS min_gap FROM (SELECT x - lag(x) OVER (ORDER BY x) AS gap FROM pts) q;

CREATE TABLE convergence AS
SELECT 10.0 AS eps, max(abs(r - h)) AS max_error FROM (
    SELECT soft_rank(x, 10) OVER () AS r, rank() OVER (ORDER BY x) AS h FROM pts) q
UNION ALL
SELECT 1.0, max(abs(r - h)) FROM (SELECT soft_rank(x, 1) OVER () AS r, rank() OVER (ORDER BY x) AS h FROM pts) q
UNION ALL
SELECT 0.1, max(abs(r - h)) FROM (SELECT soft_rank(x, 0.1) OVER () AS r, rank() OVER (ORDER BY x) AS h FROM pts) q
UNION ALL
SELECT 0.01, max(abs(r - h)) FROM (SELECT soft_rank(x, 0.01) OVER () AS r, rank() OVER (ORDER BY x) AS h FROM pts) q
;

SELECT eps, max_error FROM convergence ORDER BY eps DESC;

SELECT min_gap FROM gaps;

-- Part 2: 30 items, two features, target ranks from the hidden score 2·f1 − f2
CREATE TABLE items AS
SELECT i, cos(1.7 * i) AS f1, sin(2.3 * i) AS f2, rank() OVER (ORDER BY 2 * cos(1.7 * i) - sin(2.3 * i)) AS target
FROM generate_series(1, 30) g(i);

-- start from a model that ranks by f2 alone (the wrong sign); loss = mean (soft_rank(s, 0.1) − target)²
CREATE TABLE training AS
WITH RECURSIVE gd(step, w1, w2, loss) AS (
    SELECT 0, 0.0, 1.0, CAST(NULL AS DOUBLE)
    UNION ALL
    SELECT step + 1, w1 - 0.002 * sum(g1), w2 - 0.002 * sum(g2), avg(l)
    FROM (SELECT step, w1, w2,
                 power(soft_rank(w1 * f1 + w2 * f2, 0.1) OVER () - target, 2) AS l,
                 grad(power(soft_rank(w1 * f1 + w2 * f2, 0.1) OVER () - target, 2), w1) AS g1,
                 grad(power(soft_rank(w1 * f1 + w2 * f2, 0.1) OVER () - target, 2), w2) AS g2
          FROM gd, items
          WHERE step < 200) q
    GROUP BY step, w1, w2)
SELECT step, w1, w2, loss FROM gd;

SELECT step, w1, w2, loss FROM training WHERE step IN (1, 10, 50, 100, 200) ORDER BY step;

-- the hard ranking of the learned scores: Spearman's rank correlation with the target
CREATE TABLE learned AS
SELECT 1 - 6 * sum(power(h - target, 2)) / (30 * (30 * 30 - 1)) AS spearman
FROM (SELECT target, rank() OVER (ORDER BY w1 * f1 + w2 * f2) AS h
      FROM items, (SELECT w1, w2 FROM training WHERE step = 200) m) q;

SELECT spearman FROM learned;
