-- Soft retrieval (attention) with a learned temperature (docs/vectors-and-soft-operators.md, "Attention").
--
-- A key/value memory holds 40 keys and 40 values, both DOUBLE[2]. Hard retrieval returns, for each query
-- vector, the value of its nearest key (L2). Soft retrieval returns Σ softmax(score/t)·value over the whole
-- memory, with score = −‖q − k‖² (a Gaussian kernel): one softmax_sum per query, as one GROUP BY. As the
-- temperature t falls, the soft retrieval approaches the hard one. Here t (a one-row parameter, written
-- t = exp(u) so that it stays positive) starts at 1 and is learned by gradient descent, in ONE recursive
-- query, so that the softly retrieved values match the hard nearest neighbours' values.
--
-- Run: ./nabla examples/soft_attention.sql

CREATE TABLE memory AS
SELECT i,
       array_value(cos(1.3 * i) * (1 + 0.3 * sin(i)), sin(1.3 * i) * (1 + 0.3 * cos(2 * i))) AS k,
       array_value(sin(3 * i), cos(5 * i)) AS val
FROM generate_series(1, 40) g(i);

CREATE TABLE queries AS
SELECT j, array_value(0.9 * cos(0.7 * j + 0.2), 0.9 * sin(0.7 * j + 0.5)) AS e
FROM generate_series(1, 20) g(j);

-- the hard nearest neighbour of each query and its value (elements apart: arrays cannot be grouped on)
CREATE TABLE nearest AS
SELECT j, i AS nn, val, val[1] AS v1, val[2] AS v2
FROM (SELECT q.j, m.i, m.val, row_number() OVER (PARTITION BY q.j ORDER BY q.e <-> m.k) AS r
      FROM queries q, memory m) x
WHERE r = 1;

-- loss = Σ_queries ‖soft retrieval − hard retrieval‖², element by element through softmax_sum of that
-- element (the gradient flows through the scalar softmax_sum; derivatives through array values are not
-- built); grad(…, u) differentiates each query's loss with respect to the parameter u of its group
CREATE TABLE fit AS
WITH RECURSIVE gd(step, u, loss) AS (
    SELECT 0, 0.0, CAST(NULL AS DOUBLE)
    UNION ALL
    SELECT step + 1, u - 0.5 * sum(g), sum(l)
    FROM (SELECT step, u, q.j,
                 power(softmax_sum(m.val[1], -power(q.e <-> m.k, 2) / exp(u)) - n.v1, 2)
                     + power(softmax_sum(m.val[2], -power(q.e <-> m.k, 2) / exp(u)) - n.v2, 2) AS l,
                 grad(power(softmax_sum(m.val[1], -power(q.e <-> m.k, 2) / exp(u)) - n.v1, 2)
                     + power(softmax_sum(m.val[2], -power(q.e <-> m.k, 2) / exp(u)) - n.v2, 2), u) AS g
          FROM gd, queries q, memory m, nearest n
          WHERE n.j = q.j AND step < 60
          GROUP BY step, u, q.j, n.v1, n.v2) per
    GROUP BY step, u)
SELECT step, exp(u) AS t, loss FROM gd;

SELECT step, t, loss FROM fit WHERE step IN (1, 2, 5, 10, 20, 40, 60) ORDER BY step;

-- soft retrieval of whole DOUBLE[2] values at the learned temperature: softmax_sum over the value arrays
CREATE TABLE retrieved AS
SELECT q.j, softmax_sum(m.val, -power(q.e <-> m.k, 2) / (SELECT t FROM fit WHERE step = 60)) AS soft
FROM queries q, memory m
GROUP BY q.j;

-- every query's soft retrieval is within 0.05 (L2) of its hard nearest neighbour's value
SELECT count(*) AS queries, max(r.soft <-> n.val) AS max_gap, max(r.soft <-> n.val) < 0.05 AS matches_hard
FROM retrieved r JOIN nearest n USING (j);
