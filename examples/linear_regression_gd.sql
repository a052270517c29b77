-- Gradient descent on linear regression with a mutable parameter table: one UPDATE per step.
-- 200 points, x in [0, 1), y = 2x - 1 + 0.05·sin(37·i); mean squared error; lr = 0.4; 120 steps.
-- A script cannot loop, so the 120 steps are written out below (generated: each step logs the
-- current loss into loss_log and then updates both parameters in ONE atomic UPDATE; both scalar
-- subqueries read the parameters as they were when the statement started, so a and b move
-- together). Inside the subqueries `a` and `b` are the columns of the subquery's own `params`.
--
-- Run: ./nabla examples/linear_regression_gd.sql

CREATE TABLE data AS
SELECT i, i / 200.0 AS x, 2 * (i / 200.0) - 1 + 0.05 * sin(37 * i) AS y
FROM generate_series(0, 199) g(i);

CREATE TABLE params(a DOUBLE NOT NULL, b DOUBLE NOT NULL);
INSERT INTO params VALUES (0.0, 0.0);

CREATE TABLE loss_log(step INTEGER PRIMARY KEY, loss DOUBLE NOT NULL);

-- step 0
INSERT INTO loss_log SELECT 0, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 1
INSERT INTO loss_log SELECT 1, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 2
INSERT INTO loss_log SELECT 2, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 3
INSERT INTO loss_log SELECT 3, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 4
INSERT INTO loss_log SELECT 4, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 5
INSERT INTO loss_log SELECT 5, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 6
INSERT INTO loss_log SELECT 6, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 7
INSERT INTO loss_log SELECT 7, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 8
INSERT INTO loss_log SELECT 8, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 9
INSERT INTO loss_log SELECT 9, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 10
INSERT INTO loss_log SELECT 10, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 11
INSERT INTO loss_log SELECT 11, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 12
INSERT INTO loss_log SELECT 12, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 13
INSERT INTO loss_log SELECT 13, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 14
INSERT INTO loss_log SELECT 14, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 15
INSERT INTO loss_log SELECT 15, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 16
INSERT INTO loss_log SELECT 16, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 17
INSERT INTO loss_log SELECT 17, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 18
INSERT INTO loss_log SELECT 18, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 19
INSERT INTO loss_log SELECT 19, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 20
INSERT INTO loss_log SELECT 20, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 21
INSERT INTO loss_log SELECT 21, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 22
INSERT INTO loss_log SELECT 22, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 23
INSERT INTO loss_log SELECT 23, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 24
INSERT INTO loss_log SELECT 24, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 25
INSERT INTO loss_log SELECT 25, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 26
INSERT INTO loss_log SELECT 26, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 27
INSERT INTO loss_log SELECT 27, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 28
INSERT INTO loss_log SELECT 28, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 29
INSERT INTO loss_log SELECT 29, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 30
INSERT INTO loss_log SELECT 30, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 31
INSERT INTO loss_log SELECT 31, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 32
INSERT INTO loss_log SELECT 32, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 33
INSERT INTO loss_log SELECT 33, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 34
INSERT INTO loss_log SELECT 34, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 35
INSERT INTO loss_log SELECT 35, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 36
INSERT INTO loss_log SELECT 36, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 37
INSERT INTO loss_log SELECT 37, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 38
INSERT INTO loss_log SELECT 38, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 39
INSERT INTO loss_log SELECT 39, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 40
INSERT INTO loss_log SELECT 40, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 41
INSERT INTO loss_log SELECT 41, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 42
INSERT INTO loss_log SELECT 42, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 43
INSERT INTO loss_log SELECT 43, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 44
INSERT INTO loss_log SELECT 44, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 45
INSERT INTO loss_log SELECT 45, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 46
INSERT INTO loss_log SELECT 46, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 47
INSERT INTO loss_log SELECT 47, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 48
INSERT INTO loss_log SELECT 48, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 49
INSERT INTO loss_log SELECT 49, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 50
INSERT INTO loss_log SELECT 50, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 51
INSERT INTO loss_log SELECT 51, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 52
INSERT INTO loss_log SELECT 52, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 53
INSERT INTO loss_log SELECT 53, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 54
INSERT INTO loss_log SELECT 54, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 55
INSERT INTO loss_log SELECT 55, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 56
INSERT INTO loss_log SELECT 56, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 57
INSERT INTO loss_log SELECT 57, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 58
INSERT INTO loss_log SELECT 58, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 59
INSERT INTO loss_log SELECT 59, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 60
INSERT INTO loss_log SELECT 60, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 61
INSERT INTO loss_log SELECT 61, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 62
INSERT INTO loss_log SELECT 62, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 63
INSERT INTO loss_log SELECT 63, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 64
INSERT INTO loss_log SELECT 64, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 65
INSERT INTO loss_log SELECT 65, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 66
INSERT INTO loss_log SELECT 66, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 67
INSERT INTO loss_log SELECT 67, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 68
INSERT INTO loss_log SELECT 68, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 69
INSERT INTO loss_log SELECT 69, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 70
INSERT INTO loss_log SELECT 70, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 71
INSERT INTO loss_log SELECT 71, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 72
INSERT INTO loss_log SELECT 72, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 73
INSERT INTO loss_log SELECT 73, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 74
INSERT INTO loss_log SELECT 74, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 75
INSERT INTO loss_log SELECT 75, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 76
INSERT INTO loss_log SELECT 76, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 77
INSERT INTO loss_log SELECT 77, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 78
INSERT INTO loss_log SELECT 78, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 79
INSERT INTO loss_log SELECT 79, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 80
INSERT INTO loss_log SELECT 80, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 81
INSERT INTO loss_log SELECT 81, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 82
INSERT INTO loss_log SELECT 82, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 83
INSERT INTO loss_log SELECT 83, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 84
INSERT INTO loss_log SELECT 84, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 85
INSERT INTO loss_log SELECT 85, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 86
INSERT INTO loss_log SELECT 86, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 87
INSERT INTO loss_log SELECT 87, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 88
INSERT INTO loss_log SELECT 88, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 89
INSERT INTO loss_log SELECT 89, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 90
INSERT INTO loss_log SELECT 90, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 91
INSERT INTO loss_log SELECT 91, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 92
INSERT INTO loss_log SELECT 92, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 93
INSERT INTO loss_log SELECT 93, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 94
INSERT INTO loss_log SELECT 94, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 95
INSERT INTO loss_log SELECT 95, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 96
INSERT INTO loss_log SELECT 96, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 97
INSERT INTO loss_log SELECT 97, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 98
INSERT INTO loss_log SELECT 98, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 99
INSERT INTO loss_log SELECT 99, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 100
INSERT INTO loss_log SELECT 100, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 101
INSERT INTO loss_log SELECT 101, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 102
INSERT INTO loss_log SELECT 102, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 103
INSERT INTO loss_log SELECT 103, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 104
INSERT INTO loss_log SELECT 104, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 105
INSERT INTO loss_log SELECT 105, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 106
INSERT INTO loss_log SELECT 106, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 107
INSERT INTO loss_log SELECT 107, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 108
INSERT INTO loss_log SELECT 108, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 109
INSERT INTO loss_log SELECT 109, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 110
INSERT INTO loss_log SELECT 110, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 111
INSERT INTO loss_log SELECT 111, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 112
INSERT INTO loss_log SELECT 112, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 113
INSERT INTO loss_log SELECT 113, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 114
INSERT INTO loss_log SELECT 114, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 115
INSERT INTO loss_log SELECT 115, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 116
INSERT INTO loss_log SELECT 116, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 117
INSERT INTO loss_log SELECT 117, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 118
INSERT INTO loss_log SELECT 118, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);
-- step 119
INSERT INTO loss_log SELECT 119, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;
UPDATE params SET
  a = a - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), a)) FROM data, params),
  b = b - 0.4 * (SELECT AVG(grad((a * x + b - y) * (a * x + b - y), b)) FROM data, params);

INSERT INTO loss_log SELECT 120, AVG((a * x + b - y) * (a * x + b - y)) FROM data, params;

SELECT step, loss FROM loss_log WHERE step % 20 = 0 ORDER BY step;

-- the fitted line: within 0.05 of y = 2x - 1
SELECT a, b, abs(a - 2) < 0.05 AND abs(b + 1) < 0.05 AS converged FROM params;
