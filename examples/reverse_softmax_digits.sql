-- Softmax (multinomial logistic) regression on the UCI handwritten digits, trained by reverse mode over the
-- whole query: GRADIENT(loss) WITH RESPECT TO w (docs/reverse-mode.md), weights in long form w(c, f, v).
--
-- Data: examples/data/digits.csv.gz (1 797 images of 8x8 pixel counts 0-16 and the digit, no header; UCI
-- "Optical Recognition of Handwritten Digits", E. Alpaydin and C. Kaynak 1998, as shipped by scikit-learn;
-- CC BY 4.0). Rows whose 0-based file index i has i % 5 = 4 are the test set (359 images), the rest train
-- (1 438); features are divided by 16. Images are stored sparsely, x(i, f, v) for the non-zero pixels, plus
-- feature 64 = 1 for the bias. The logits are a matrix product written as join + SUM ... GROUP BY.
-- 1. the gradient table equals the closed form AVG over images of (softmax(z) - onehot(label)) * x, computed
--    independently with a window softmax (1e-12);
-- 2. 40 steps of gradient descent with heavy-ball momentum (learning rate 2, momentum 0.9), each an
--    UPDATE ... FROM GRADIENT(...) repeated by the shell's `.repeat N ... .end`, reach >= 95 % test accuracy.
--
-- Run: ./nabla examples/reverse_softmax_digits.sql   (about 2 minutes)

CREATE TABLE digits AS
SELECT row_number() OVER () - 1 AS i, column64 AS label,
       array_value(column0, column1, column2, column3, column4, column5, column6, column7, column8, column9, column10, column11, column12, column13, column14, column15, column16, column17, column18, column19, column20, column21, column22, column23, column24, column25, column26, column27, column28, column29, column30, column31, column32, column33, column34, column35, column36, column37, column38, column39, column40, column41, column42, column43, column44, column45, column46, column47, column48, column49, column50, column51, column52, column53, column54, column55, column56, column57, column58, column59, column60, column61, column62, column63) AS px
FROM read_csv('examples/data/digits.csv.gz', header => false);

-- pixels in long form (non-zero ones only; the bias is feature 64), for all images; labels of the training set
CREATE TABLE pixels AS
SELECT d.i, f.f, d.px[f.f + 1] / 16.0 AS v FROM digits d, generate_series(0, 63) f(f) WHERE d.px[f.f + 1] <> 0
UNION ALL SELECT i, 64, 1.0 FROM digits;
CREATE TABLE x AS SELECT * FROM pixels WHERE i % 5 <> 4;
CREATE TABLE y AS SELECT i, label FROM digits WHERE i % 5 <> 4;

-- weights: 10 classes x 65 features, small deterministic start (a seeded hash: same numbers every run)
CREATE TABLE w AS
SELECT c.c, f.f, 0.01 * sin(12.9898 * (65 * c.c + f.f) + 78.233) AS v
FROM generate_series(0, 9) c(c), generate_series(0, 64) f(f);
CREATE TABLE vel AS SELECT c, f, 0.0 AS v FROM w;

-- the loss: mean cross-entropy, logsumexp of the logits minus the logit of the true class
CREATE VIEW loss AS
SELECT AVG(l) AS loss FROM (
  SELECT z.i, ln(SUM(exp(z.z))) - SUM(CASE WHEN z.c = y.label THEN z.z ELSE 0.0 END) AS l
  FROM (SELECT x.i, w.c, SUM(w.v * x.v) AS z FROM x JOIN w ON x.f = w.f GROUP BY x.i, w.c) z
  JOIN y ON y.i = z.i
  GROUP BY z.i) t;

-- 1. reverse mode against the closed form at the starting weights
CREATE TABLE gradient_check AS
WITH z AS (SELECT x.i, w.c, SUM(w.v * x.v) AS z FROM x JOIN w ON x.f = w.f GROUP BY x.i, w.c),
     r AS (SELECT z.i, z.c,
                  exp(z.z) / SUM(exp(z.z)) OVER (PARTITION BY z.i) - CASE WHEN z.c = y.label THEN 1.0 ELSE 0.0 END AS r
           FROM z JOIN y ON y.i = z.i),
     closed AS (SELECT r.c, x.f, SUM(r.r * x.v) / (SELECT count(*) FROM y) AS v
                FROM r JOIN x ON x.i = r.i GROUP BY r.c, x.f)
SELECT max(abs(g.v - COALESCE(closed.v, 0.0))) AS max_difference, max(abs(g.v)) AS max_gradient
FROM GRADIENT(
  SELECT AVG(l) FROM (
    SELECT z.i, ln(SUM(exp(z.z))) - SUM(CASE WHEN z.c = y.label THEN z.z ELSE 0.0 END) AS l
    FROM (SELECT x.i, w.c, SUM(w.v * x.v) AS z FROM x JOIN w ON x.f = w.f GROUP BY x.i, w.c) z
    JOIN y ON y.i = z.i
    GROUP BY z.i) t
) WITH RESPECT TO w AS g
LEFT JOIN closed ON closed.c = g.c AND closed.f = g.f;
SELECT * FROM gradient_check;

-- 2. training: velocity = 0.9 velocity + gradient; w = w - 2 velocity
CREATE TABLE history(step INTEGER, loss DOUBLE);
INSERT INTO history SELECT 0, loss FROM loss;
.repeat 40
UPDATE vel SET v = 0.9 * vel.v + g.v
FROM GRADIENT(SELECT loss FROM loss) WITH RESPECT TO w AS g
WHERE g.c = vel.c AND g.f = vel.f;
UPDATE w SET v = w.v - 2.0 * vel.v FROM vel WHERE vel.c = w.c AND vel.f = w.f;
INSERT INTO history SELECT (SELECT max(step) + 1 FROM history), loss FROM loss;
.end

-- test accuracy: the predicted digit is the class with the largest logit
CREATE TABLE predictions AS
SELECT s.i, d.label, arg_max(s.c, s.z) AS predicted
FROM (SELECT p.i, w.c, SUM(w.v * p.v) AS z FROM pixels p JOIN w ON p.f = w.f WHERE p.i % 5 = 4 GROUP BY p.i, w.c) s
JOIN digits d ON d.i = s.i
GROUP BY s.i, d.label;
CREATE TABLE accuracy AS
SELECT count(*) AS test_images, AVG(CASE WHEN predicted = label THEN 1.0 ELSE 0.0 END) AS accuracy FROM predictions;
SELECT (SELECT loss FROM history WHERE step = 0) AS first_loss, (SELECT loss FROM history WHERE step = 40) AS last_loss,
       a.* FROM accuracy a;
