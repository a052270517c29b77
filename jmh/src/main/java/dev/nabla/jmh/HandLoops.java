package dev.nabla.jmh;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hand-written limit: what a programmer would write for Q1, Q2 and Q4 over the same arrays,
 * once with the Vector API (the 1.3× target's reference) and once as plain scalar loops. Each loop
 * sums a row range, so {@link HandParallel} can give every thread one contiguous share.
 */
final class HandLoops {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private HandLoops() {}

    /** Σ cos(x)·y − 2x·exp(−x²). */
    static double q1Vector(double[] x, double[] y, int from, int to) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            DoubleVector xv = DoubleVector.fromArray(S, x, i);
            DoubleVector yv = DoubleVector.fromArray(S, y, i);
            DoubleVector e = xv.mul(xv).neg().lanewise(VectorOperators.EXP);
            acc = acc.add(
                    xv.lanewise(VectorOperators.COS).mul(yv).sub(xv.mul(2.0).mul(e)));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) s += Math.cos(x[i]) * y[i] - 2 * x[i] * Math.exp(-x[i] * x[i]);
        return s;
    }

    static double q1Scalar(double[] x, double[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += Math.cos(x[i]) * y[i] - 2 * x[i] * Math.exp(-x[i] * x[i]);
        return s;
    }

    /** Σ sin(x)·y + exp(−x²). */
    static double q4Vector(double[] x, double[] y, int from, int to) {
        DoubleVector acc = DoubleVector.zero(S);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            DoubleVector xv = DoubleVector.fromArray(S, x, i);
            DoubleVector yv = DoubleVector.fromArray(S, y, i);
            acc = acc.add(xv.lanewise(VectorOperators.SIN)
                    .mul(yv)
                    .add(xv.mul(xv).neg().lanewise(VectorOperators.EXP)));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) s += Math.sin(x[i]) * y[i] + Math.exp(-x[i] * x[i]);
        return s;
    }

    static double q4Scalar(double[] x, double[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += Math.sin(x[i]) * y[i] + Math.exp(-x[i] * x[i]);
        return s;
    }

    /** (Σ 2(ax+b−y)x, Σ 2(ax+b−y)); the means divide by n after the partial sums are combined. */
    static double[] q2Vector(double[] x, double[] y, int from, int to, double a, double b) {
        DoubleVector ga = DoubleVector.zero(S), gb = DoubleVector.zero(S);
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            DoubleVector xv = DoubleVector.fromArray(S, x, i);
            DoubleVector r =
                    xv.mul(a).add(b).sub(DoubleVector.fromArray(S, y, i)).mul(2.0);
            ga = ga.add(r.mul(xv));
            gb = gb.add(r);
        }
        double sa = ga.reduceLanes(VectorOperators.ADD), sb = gb.reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) {
            double r = 2 * (a * x[i] + b - y[i]);
            sa += r * x[i];
            sb += r;
        }
        return new double[] {sa, sb};
    }

    static double[] q2Scalar(double[] x, double[] y, int from, int to, double a, double b) {
        double sa = 0, sb = 0;
        for (int i = from; i < to; i++) {
            double r = 2 * (a * x[i] + b - y[i]);
            sa += r * x[i];
            sb += r;
        }
        return new double[] {sa, sb};
    }
}
