package dev.nabla.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 128-bit helpers against BigInteger on random and edge values (seed printed). */
class Int128Test {
    private static final BigInteger MIN = BigInteger.ONE.shiftLeft(127).negate();
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);

    private static BigInteger v(long[] r, int at) {
        return Int128.toBigInteger(r[at], r[at + 1]);
    }

    private static boolean fits(BigInteger x) {
        return x.compareTo(MIN) >= 0 && x.compareTo(MAX) <= 0;
    }

    private static BigInteger random(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> BigInteger.valueOf(rnd.nextLong());
            case 1 -> MAX.subtract(BigInteger.valueOf(rnd.nextInt(3)));
            case 2 -> MIN.add(BigInteger.valueOf(rnd.nextInt(3)));
            case 3 -> BigInteger.valueOf(rnd.nextInt(5) - 2);
            default ->
                new BigInteger(1 + rnd.nextInt(127), rnd).multiply(BigInteger.valueOf(rnd.nextBoolean() ? 1 : -1));
        };
    }

    @Test
    void arithmeticMatchesBigInteger() {
        long seed = System.nanoTime();
        System.out.println("Int128Test seed " + seed);
        Random rnd = new Random(seed);
        long[] r = new long[2];
        for (int i = 0; i < 200_000; i++) {
            BigInteger a = random(rnd), b = random(rnd);
            long ah = Int128.high(a), al = Int128.low(a), bh = Int128.high(b), bl = Int128.low(b);
            assertThat(Int128.toBigInteger(ah, al)).isEqualTo(a);
            assertThat(Integer.signum(Int128.compare(ah, al, bh, bl)))
                    .as("seed " + seed)
                    .isEqualTo(a.compareTo(b));
            BigInteger sum = a.add(b), diff = a.subtract(b);
            assertThat(Int128.add(ah, al, bh, bl, r, 0)).as("seed " + seed).isEqualTo(fits(sum));
            if (fits(sum)) assertThat(v(r, 0)).isEqualTo(sum);
            assertThat(Int128.subtract(ah, al, bh, bl, r, 0)).as("seed " + seed).isEqualTo(fits(diff));
            if (fits(diff)) assertThat(v(r, 0)).isEqualTo(diff);
            if (!a.equals(MIN)) {
                Int128.negate(ah, al, r, 0);
                assertThat(v(r, 0)).isEqualTo(a.negate());
            }
            int k = rnd.nextInt(39);
            BigInteger scaled = a.multiply(BigInteger.TEN.pow(k));
            assertThat(Int128.multiplyPow10(ah, al, k, r, 0))
                    .as("seed " + seed + " k " + k)
                    .isEqualTo(fits(scaled) && !a.equals(MIN) || k == 0);
            if (fits(scaled) && !a.equals(MIN)) assertThat(v(r, 0)).isEqualTo(scaled);
            int digits = rnd.nextInt(39);
            assertThat(Int128.withinDigits(ah, al, digits))
                    .as("seed " + seed)
                    .isEqualTo(a.abs().compareTo(BigInteger.TEN.pow(digits)) < 0);
            long x = rnd.nextLong(), y = rnd.nextLong();
            Int128.multiply(x, y, r, 0);
            assertThat(v(r, 0)).isEqualTo(BigInteger.valueOf(x).multiply(BigInteger.valueOf(y)));
            assertThat(Int128.fitsLong(ah, al)).isEqualTo(a.bitLength() < 64);
        }
    }
}
