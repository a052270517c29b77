-- A 64 -> 32 -> 10 tanh MLP (softmax cross-entropy) on the UCI handwritten digits, trained entirely in SQL: each
-- step is one UPDATE ... FROM GRADIENT(loss) WITH RESPECT TO params (reverse mode over the whole query,
-- docs/reverse-mode.md), repeated by the shell's `.repeat N ... .end`.
--
-- Data and split as in examples/reverse_softmax_digits.sql: rows whose 0-based file index i has i % 5 = 4 are the
-- test set (359 images), the rest train (1 438); features divided by 16, stored sparsely as x(i, f, v) with
-- feature 64 = 1 (the hidden layer's bias).
-- Parameters: one table params(l, a, b, v) that the loss reads three times: l = 1 the hidden layer W1[j, f]
-- (32 x 65, bias included), l = 2 the output layer W2[c, j] (10 x 32), l = 3 the output bias b2[c] (10): 2 410
-- values. Start: a seeded hash, fract(sin(12.9898 k + 78.233) * 43758.5453), scaled to +-0.2 and +-0.3.
-- Training: 25 full-batch steps of gradient descent with heavy-ball momentum (learning rate 1, momentum 0.9).
-- examples/reverse_mlp_reference.py runs the same network, start and steps in numpy: the losses agree to 1e-9
-- and so does the test accuracy (96.9 %, 348 of 359).
--
-- Run: ./nabla examples/reverse_mlp_digits.sql   (a few minutes: about 5-8 s a step on a busy machine)

CREATE TABLE digits AS
SELECT row_number() OVER () - 1 AS i, column64 AS label,
       array_value(column0, column1, column2, column3, column4, column5, column6, column7, column8, column9, column10, column11, column12, column13, column14, column15, column16, column17, column18, column19, column20, column21, column22, column23, column24, column25, column26, column27, column28, column29, column30, column31, column32, column33, column34, column35, column36, column37, column38, column39, column40, column41, column42, column43, column44, column45, column46, column47, column48, column49, column50, column51, column52, column53, column54, column55, column56, column57, column58, column59, column60, column61, column62, column63) AS px
FROM read_csv('examples/data/digits.csv.gz', header => false);

CREATE TABLE pixels AS
SELECT d.i, f.f, d.px[f.f + 1] / 16.0 AS v FROM digits d, generate_series(0, 63) f(f) WHERE d.px[f.f + 1] <> 0
UNION ALL SELECT i, 64, 1.0 FROM digits;
CREATE TABLE x AS SELECT * FROM pixels WHERE i % 5 <> 4;
CREATE TABLE y AS SELECT i, label FROM digits WHERE i % 5 <> 4;

CREATE TABLE params AS
SELECT 1 AS l, j.j AS a, f.f AS b,
       0.2 * (2.0 * (sin(12.9898 * (65 * j.j + f.f) + 78.233) * 43758.5453
                     - floor(sin(12.9898 * (65 * j.j + f.f) + 78.233) * 43758.5453)) - 1.0) AS v
FROM generate_series(0, 31) j(j), generate_series(0, 64) f(f)
UNION ALL
SELECT 2, c.c, j.j,
       0.3 * (2.0 * (sin(12.9898 * (5000 + 32 * c.c + j.j) + 78.233) * 43758.5453
                     - floor(sin(12.9898 * (5000 + 32 * c.c + j.j) + 78.233) * 43758.5453)) - 1.0)
FROM generate_series(0, 9) c(c), generate_series(0, 31) j(j)
UNION ALL
SELECT 3, c.c, 0, 0.0 FROM generate_series(0, 9) c(c);
CREATE TABLE vel AS SELECT l, a, b, 0.0 AS v FROM params;

-- the loss: hidden h = tanh(W1 x), logits s + b2 with s = W2 h (matrix products as join + SUM ... GROUP BY),
-- mean over training images of logsumexp(logits) - logit of the true class
CREATE VIEW mlp_loss AS
SELECT AVG(l) AS loss FROM (
  SELECT s.i, ln(SUM(exp(s.s + b.v))) - SUM(CASE WHEN s.c = y.label THEN s.s + b.v ELSE 0.0 END) AS l
  FROM (SELECT h.i, p.a AS c, SUM(p.v * h.h) AS s
        FROM (SELECT x.i, p.a AS j, tanh(SUM(p.v * x.v)) AS h
              FROM x JOIN params p ON p.l = 1 AND p.b = x.f
              GROUP BY x.i, p.a) h
        JOIN params p ON p.l = 2 AND p.b = h.j
        GROUP BY h.i, p.a) s
  JOIN params b ON b.l = 3 AND b.a = s.c
  JOIN y ON y.i = s.i
  GROUP BY s.i) t;

CREATE TABLE history(step INTEGER, loss DOUBLE);
INSERT INTO history SELECT 0, loss FROM mlp_loss;

-- training: velocity = 0.9 velocity + gradient; params = params - velocity
.repeat 25
UPDATE vel SET v = 0.9 * vel.v + g.v
FROM GRADIENT(SELECT loss FROM mlp_loss) WITH RESPECT TO params AS g
WHERE g.l = vel.l AND g.a = vel.a AND g.b = vel.b;
UPDATE params SET v = params.v - vel.v FROM vel WHERE vel.l = params.l AND vel.a = params.a AND vel.b = params.b;
.end
INSERT INTO history SELECT 25, loss FROM mlp_loss;

-- test accuracy: the predicted digit is the class with the largest logit
CREATE TABLE predictions AS
SELECT s.i, d.label, arg_max(s.c, s.s + b.v) AS predicted
FROM (SELECT h.i, p.a AS c, SUM(p.v * h.h) AS s
      FROM (SELECT x.i, p.a AS j, tanh(SUM(p.v * x.v)) AS h
            FROM pixels x JOIN params p ON p.l = 1 AND p.b = x.f
            WHERE x.i % 5 = 4
            GROUP BY x.i, p.a) h
      JOIN params p ON p.l = 2 AND p.b = h.j
      GROUP BY h.i, p.a) s
JOIN params b ON b.l = 3 AND b.a = s.c
JOIN digits d ON d.i = s.i
GROUP BY s.i, d.label;
CREATE TABLE accuracy AS
SELECT count(*) AS test_images, sum(CASE WHEN predicted = label THEN 1 ELSE 0 END) AS correct,
       AVG(CASE WHEN predicted = label THEN 1.0 ELSE 0.0 END) AS accuracy
FROM predictions;
SELECT (SELECT loss FROM history WHERE step = 0) AS first_loss, (SELECT loss FROM history WHERE step = 25) AS last_loss,
       test_images, correct, accuracy
FROM accuracy;
