package io.norn.logql.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsPlainDecimalTest {
    private static double plain(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.UTF_8);
        return Units.plainDecimal(b, 2, b.length - 4);
    }

    @Test
    void plainDecimalsParseExactlyAsAFullParse() {
        Random rnd = new Random(1);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder sb = new StringBuilder();
            if (rnd.nextInt(4) == 0) sb.append(rnd.nextBoolean() ? '-' : '+');
            int intDigits = rnd.nextInt(9);
            for (int i = 0; i < intDigits; i++) sb.append((char) ('0' + rnd.nextInt(10)));
            if (rnd.nextBoolean()) {
                sb.append('.');
                int frac = rnd.nextInt(8);
                for (int i = 0; i < frac; i++) sb.append((char) ('0' + rnd.nextInt(10)));
            }
            String s = sb.toString();
            double full = Units.parseFloatOrNaN(s);
            double fast = plain(s);
            if (Double.isNaN(full)) {
                assertThat(fast).as(s).isNaN();
            } else {
                assertThat(Double.doubleToRawLongBits(fast)).as(s).isEqualTo(Double.doubleToRawLongBits(full));
            }
        }
    }

    @Test
    void otherFormsAreLeftToTheFullParse() {
        for (String s : new String[] {"", ".", "-", "1e5", "0x10", "inf", "NaN", "1_000", " 1", "1 ", "1.2.3", "1234567890123456"}) {
            assertThat(plain(s)).as(s).isNaN();
        }
        assertThat(plain("15.009")).isEqualTo(15.009);
        assertThat(plain("-0")).isEqualTo(-0.0);
        assertThat(plain("500")).isEqualTo(500.0);
    }
}
