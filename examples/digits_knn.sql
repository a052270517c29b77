-- Nearest-neighbour classification of the UCI handwritten digits in one SQL statement: each 8x8
-- image is a DOUBLE[64] of pixel counts (0-16); a test image gets the digit of its nearest
-- reference image by exact L2 distance (k = 1), found by ORDER BY distance LIMIT 1, which runs as a
-- bounded-heap top-k over the SIMD distance kernel.
--
-- Data: ../shared/data/digits.csv.gz (1 797 rows of 64 pixel counts and the digit, no header; UCI
-- "Optical Recognition of Handwritten Digits" as shipped by scikit-learn, CC BY 4.0). It is not in
-- the repository: run from a checkout next to shared/ (VectorExamplesTest skips when it is absent).
-- Rows whose 0-based file index i has i % 5 = 4 are the test set (359 images), the rest the reference set.
--
-- Run: ./nabla examples/digits_knn.sql

CREATE TABLE digits AS
SELECT row_number() OVER () - 1 AS i, column64 AS label,
       array_value(column0, column1, column2, column3, column4, column5, column6, column7, column8, column9, column10, column11, column12, column13, column14, column15, column16, column17, column18, column19, column20, column21, column22, column23, column24, column25, column26, column27, column28, column29, column30, column31, column32, column33, column34, column35, column36, column37, column38, column39, column40, column41, column42, column43, column44, column45, column46, column47, column48, column49, column50, column51, column52, column53, column54, column55, column56, column57, column58, column59, column60, column61, column62, column63) AS px
FROM read_csv('../shared/data/digits.csv.gz', header => false);

-- 1-NN: for each test image, the label of the closest reference image (a correlated top-1 per query)
CREATE TABLE knn AS
SELECT t.i, t.label,
       (SELECT r.label FROM digits r WHERE r.i % 5 <> 4 ORDER BY r.px <-> t.px LIMIT 1) AS predicted
FROM digits t
WHERE t.i % 5 = 4;

SELECT count(*) AS test_images, avg(CASE WHEN predicted = label THEN 1.0 ELSE 0.0 END) AS accuracy FROM knn;
