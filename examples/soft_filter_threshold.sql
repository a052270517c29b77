-- A soft filter whose threshold is learned (docs/vectors-and-soft-operators.md, "Soft operators").
--
-- The hard query  SELECT sum(v) FROM items WHERE score > t  is piecewise constant in t: its derivative
-- is 0 almost everywhere, so gradient descent cannot move t. The soft filter replaces the predicate by
-- the weight soft_gate(score, t, τ) = σ((score − t)/τ) and the sum by soft_sum(weight, v) = Σ weight·v,
-- which is smooth in t. Here t starts at 0.2 and is fitted, by gradient descent in ONE recursive query,
-- so that the soft sum matches the sum the hard filter gives at the (unknown to the fit) threshold 0.7.
--
-- Run: ./nabla examples/soft_filter_threshold.sql

CREATE TABLE items AS
SELECT i, (i * 37 % 200) / 200.0 AS score, 1 + i % 7 AS v
FROM generate_series(1, 400) g(i);

CREATE TABLE target AS SELECT sum(v) AS total FROM items WHERE score > 0.7;

-- loss = (soft_sum / target − 1)²; grad(…, t) differentiates the aggregate with respect to the
-- parameter t, which is one value per group (the previous iteration's row)
CREATE TABLE fit AS
WITH RECURSIVE gd(step, t, loss) AS (
    SELECT 0, 0.2, CAST(NULL AS DOUBLE)
    UNION ALL
    SELECT step + 1,
           t - 0.02 * grad(power(soft_sum(soft_gate(score, t, 0.02), v) / total - 1, 2), t),
           power(soft_sum(soft_gate(score, t, 0.02), v) / total - 1, 2)
    FROM gd, items, target
    WHERE step < 60
    GROUP BY step, t, total)
SELECT step, t, loss FROM gd;

SELECT step, t, loss FROM fit WHERE step IN (0, 1, 5, 10, 20, 40, 60) ORDER BY step;

-- the learned threshold is within 0.01 of 0.7, and the soft sum there is within 0.1 % of the target
SELECT abs(t - 0.7) < 0.01 AS threshold_recovered,
       abs((SELECT soft_sum(soft_gate(score, t, 0.02), v) FROM items) / (SELECT total FROM target) - 1) < 1e-3 AS sum_matched
FROM fit WHERE step = 60;
