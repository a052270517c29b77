"""Reference optimum for examples/reverse_logistic_breast_cancer.sql (numpy + scipy; not run by the tests).

L2-regularised logistic regression on breast_cancer.csv: features standardised with the population standard
deviation, a bias (not penalised), loss = mean(log(1 + exp(t)) - y t) + 0.01 / 2 * |w[:30]|^2, t = [z, 1] . w.
Newton's method (IRLS) and scipy's BFGS (gtol 1e-13) agree to 3e-8 in the coefficients and 1e-16 in the loss.
"""
import numpy as np
from scipy.optimize import minimize

D = np.loadtxt("examples/data/breast_cancer.csv", delimiter=",", skiprows=1)
X, y = D[:, :30], D[:, 30]
Z = (X - X.mean(0)) / X.std(0)
n = len(y)
Zb = np.hstack([Z, np.ones((n, 1))])
lam = 0.01


def f(w):
    t = Zb @ w
    return np.mean(np.logaddexp(0, t) - y * t) + lam / 2 * np.sum(w[:30] ** 2)


def g(w):
    t = Zb @ w
    p = 1 / (1 + np.exp(-t))
    G = Zb.T @ (p - y) / n
    G[:30] += lam * w[:30]
    return G


w = np.zeros(31)
for _ in range(30):  # Newton / IRLS
    p = 1 / (1 + np.exp(-(Zb @ w)))
    H = Zb.T @ (Zb * (p * (1 - p))[:, None]) / n
    H[:30, :30] += lam * np.eye(30)
    w -= np.linalg.solve(H, g(w))
bfgs = minimize(f, np.zeros(31), jac=g, method="BFGS", options={"gtol": 1e-13})
print("loss", repr(f(w)), "BFGS loss", repr(bfgs.fun), "max |newton - bfgs|", np.abs(w - bfgs.x).max())
for i, c in enumerate(w):
    print(f"({i}, {float(c)!r}),")
