"""numpy twin of examples/reverse_mlp_digits.sql: the same 64 -> 32 -> 10 tanh MLP, the same seeded-hash start,
the same full-batch momentum steps; prints the loss after each step and the test accuracy, which the SQL run
matches (ReverseExamplesTest.mlpOnDigitsTrainedInSqlMatchesNumpyAndReaches95Percent).
Run from the repository root: python3 examples/reverse_mlp_reference.py"""
import gzip

import numpy as np

d = np.loadtxt(gzip.open("examples/data/digits.csv.gz", "rt"), delimiter=",")
X = np.hstack([d[:, :64] / 16.0, np.ones((len(d), 1))])  # feature 64 = 1: the hidden layer's bias
label = d[:, 64].astype(int)
train = np.arange(len(d)) % 5 != 4
test = ~train


def u(k):  # the seeded hash of the SQL: fract(sin(12.9898 k + 78.233) * 43758.5453)
    s = np.sin(12.9898 * k + 78.233) * 43758.5453
    return s - np.floor(s)


W1 = np.array([[0.2 * (2 * u(65 * j + f) - 1) for f in range(65)] for j in range(32)])
W2 = np.array([[0.3 * (2 * u(5000 + 32 * c + j) - 1) for j in range(32)] for c in range(10)])
b2 = np.zeros(10)


def loss_and_gradient(W1, W2, b2, X, y):
    n = len(X)
    H = np.tanh(X @ W1.T)
    Z = H @ W2.T + b2
    lse = np.log(np.exp(Z).sum(1))
    loss = np.mean(lse - Z[np.arange(n), y])
    P = np.exp(Z - lse[:, None])
    P[np.arange(n), y] -= 1
    P /= n
    dH = (P @ W2) * (1 - H * H)
    return loss, dH.T @ X, P.T @ H, P.sum(0)


LR, MOMENTUM, STEPS = 1.0, 0.9, 25
velocity = [np.zeros_like(W1), np.zeros_like(W2), np.zeros_like(b2)]
print(0, float(loss_and_gradient(W1, W2, b2, X[train], label[train])[0]))
for step in range(1, STEPS + 1):
    _, g1, g2, gb = loss_and_gradient(W1, W2, b2, X[train], label[train])
    for v, g in zip(velocity, (g1, g2, gb)):
        v *= MOMENTUM
        v += g
    W1 -= LR * velocity[0]
    W2 -= LR * velocity[1]
    b2 -= LR * velocity[2]
    print(step, float(loss_and_gradient(W1, W2, b2, X[train], label[train])[0]))
Z = np.tanh(X[test] @ W1.T) @ W2.T + b2
print("test accuracy", (Z.argmax(1) == label[test]).mean(), "of", test.sum())
