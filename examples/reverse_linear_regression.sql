-- Linear regression trained by reverse mode over the whole query: GRADIENT(loss) WITH RESPECT TO params
-- (docs/reverse-mode.md). 200 points, x in [0, 1), y = 2x - 1 + 0.05·sin(37·i); mean squared error.
-- 1. the gradient table equals the closed form 2·AVG((w·x + b - y)·x), 2·AVG(w·x + b - y);
-- 2. 400 steps of gradient descent, each one UPDATE ... FROM GRADIENT(...), repeated by the shell's
--    `.repeat N ... .end`, reach the least-squares solution (computed in closed form) to 1e-6.
--
-- Run: ./nabla examples/reverse_linear_regression.sql

CREATE TABLE data AS
SELECT i, i / 200.0 AS x, 2 * (i / 200.0) - 1 + 0.05 * sin(37 * i) AS y
FROM generate_series(0, 199) g(i);

CREATE TABLE params(id INTEGER, w DOUBLE, b DOUBLE);
INSERT INTO params VALUES (1, 0.0, 0.0);

-- 1. reverse mode against the closed form, at (w, b) = (0, 0)
CREATE TABLE gradient_check AS
SELECT g.w AS gw, g.b AS gb, c.gw AS closed_gw, c.gb AS closed_gb
FROM GRADIENT(SELECT AVG(power(p.w * d.x + p.b - d.y, 2)) FROM data d, params p) WITH RESPECT TO params AS g,
     (SELECT 2 * AVG((p.w * d.x + p.b - d.y) * d.x) AS gw, 2 * AVG(p.w * d.x + p.b - d.y) AS gb
      FROM data d, params p) c;
SELECT * FROM gradient_check;

-- 2. gradient descent, learning rate 0.7
.repeat 400
UPDATE params SET w = params.w - 0.7 * g.w, b = params.b - 0.7 * g.b
FROM GRADIENT(SELECT AVG(power(p.w * d.x + p.b - d.y, 2)) FROM data d, params p) WITH RESPECT TO params AS g
WHERE g.id = params.id;
.end

-- the least-squares solution in closed form, and the distance to it
CREATE TABLE ols AS
SELECT s.cxy / s.vx AS w, s.my - s.cxy / s.vx * s.mx AS b
FROM (SELECT AVG(x * y) - AVG(x) * AVG(y) AS cxy, AVG(x * x) - AVG(x) * AVG(x) AS vx, AVG(x) AS mx, AVG(y) AS my
      FROM data) s;
SELECT p.w, p.b, o.w AS ols_w, o.b AS ols_b, greatest(abs(p.w - o.w), abs(p.b - o.b)) AS distance
FROM params p, ols o;
