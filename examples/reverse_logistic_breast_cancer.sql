-- L2-regularised logistic regression on the Wisconsin breast-cancer data, trained by reverse mode over the whole
-- query: GRADIENT(loss) WITH RESPECT TO w (docs/reverse-mode.md), coefficients in long form w(f, v).
--
-- Data: examples/data/breast_cancer.csv (569 samples, 30 features, label 0 malignant / 1 benign; UCI, as shipped
-- by scikit-learn, CC BY 4.0). Features are standardised (population standard deviation); feature 30 = 1 is the
-- bias. loss = AVG(ln(1 + exp(t)) - y t) + 0.01/2 * sum of the squared non-bias coefficients, t = SUM(w x).
-- The reference optimum (table reference) was computed outside Nabla by Newton's method (IRLS) and checked with
-- scipy's BFGS: examples/reverse_logistic_reference.py (numpy 2.4, scipy 1.17); loss 0.0995913754847055.
-- 300 steps of gradient descent with heavy-ball momentum (learning rate 1, momentum 0.9), each an
-- UPDATE ... FROM GRADIENT(...) repeated by the shell's `.repeat N ... .end`, end with every coefficient within
-- 1e-6 of the reference and the loss within 1e-12 of its optimum.
--
-- Run: ./nabla examples/reverse_logistic_breast_cancer.sql

CREATE TABLE raw AS
SELECT row_number() OVER () - 1 AS i, *
FROM read_csv('examples/data/breast_cancer.csv', skip => 1, header => false);

-- long form x(i, f, v): 30 standardised features (column k is feature k) and the bias feature 30
CREATE TABLE wide AS SELECT i, column30 AS y, [column0, column1, column2, column3, column4, column5, column6, column7, column8, column9, column10, column11, column12, column13, column14, column15, column16, column17, column18, column19, column20, column21, column22, column23, column24, column25, column26, column27, column28, column29] AS v FROM raw;
CREATE TABLE long AS SELECT w.i, f.f, w.v[f.f + 1] AS v FROM wide w, generate_series(0, 29) f(f);
CREATE TABLE x AS
SELECT l.i, l.f, (l.v - s.m) / s.sd AS v
FROM long l JOIN (SELECT f, AVG(v) AS m, stddev_pop(v) AS sd FROM long GROUP BY f) s ON s.f = l.f
UNION ALL SELECT i, 30, 1.0 FROM wide;
CREATE TABLE y AS SELECT i, CAST(y AS DOUBLE) AS y FROM wide;

CREATE TABLE w AS SELECT f, 0.0 AS v FROM generate_series(0, 30) g(f);
CREATE TABLE vel AS SELECT f, 0.0 AS v FROM w;

CREATE VIEW loss AS
SELECT a.data_loss + r.penalty AS loss
FROM (SELECT AVG(ln(1 + exp(z.t)) - y.y * z.t) AS data_loss
      FROM (SELECT x.i, SUM(w.v * x.v) AS t FROM x JOIN w ON x.f = w.f GROUP BY x.i) z JOIN y ON y.i = z.i) a,
     (SELECT 0.005 * SUM(CASE WHEN f < 30 THEN v * v ELSE 0.0 END) AS penalty FROM w) r;

.repeat 300
UPDATE vel SET v = 0.9 * vel.v + g.v FROM GRADIENT(SELECT loss FROM loss) WITH RESPECT TO w AS g WHERE g.f = vel.f;
UPDATE w SET v = w.v - vel.v FROM vel WHERE vel.f = w.f;
.end

CREATE TABLE reference(f INTEGER, v DOUBLE);
INSERT INTO reference VALUES
  (0, -0.41605417304325787),
  (1, -0.4549787227601756),
  (2, -0.4039436206204013),
  (3, -0.41409209949571973),
  (4, -0.15990628553483047),
  (5, 0.09518598735138772),
  (6, -0.47013645526900705),
  (7, -0.545990910126212),
  (8, -0.04435429618040257),
  (9, 0.292117192922514),
  (10, -0.6454818042336158),
  (11, 0.07737955726644247),
  (12, -0.44936206458589945),
  (13, -0.49311561308567603),
  (14, -0.0936881023301133),
  (15, 0.3840674365984315),
  (16, 0.04256429589311612),
  (17, -0.16917962724977867),
  (18, 0.18668660285008074),
  (19, 0.3376316813645531),
  (20, -0.6297804233086856),
  (21, -0.7214503179671224),
  (22, -0.5652203808414163),
  (23, -0.575697136953459),
  (24, -0.5075708606551873),
  (25, -0.11372642307088247),
  (26, -0.5120287632746136),
  (27, -0.6109079303525483),
  (28, -0.531769106567563),
  (29, -0.18914817742379805),
  (30, 0.49526969109017216);

CREATE TABLE result AS
SELECT (SELECT loss FROM loss) AS loss, (SELECT loss FROM loss) - 0.0995913754847055 AS above_optimum,
       (SELECT max(abs(w.v - r.v)) FROM w JOIN reference r ON r.f = w.f) AS max_coefficient_difference,
       (SELECT AVG(CASE WHEN (z.t > 0) = (y.y = 1) THEN 1.0 ELSE 0.0 END)
        FROM (SELECT x.i, SUM(w.v * x.v) AS t FROM x JOIN w ON x.f = w.f GROUP BY x.i) z JOIN y ON y.i = z.i)
         AS training_accuracy;
SELECT * FROM result;
