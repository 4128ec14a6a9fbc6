package io.prefstream.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlProbeTest {

    @Test
    void shouldMakeEveryComparisonBoolButLeaveMatchersAndStringsAlone() {
        String expr = "sum(rate(x{outcome!=\"a>b\",job=~\"p-.*\"}[15m])) / sum(rate(x[15m])) > 0.05"
                + " and on (instance) max(y) <= 10 or z == 0 unless w != 1 and v >= bool 2";

        assertThat(PromQlProbe.alert(expr, "1s")).isEqualTo(
                "sum(rate(x{outcome!=\"a>b\",job=~\"p-.*\"}[15m])) / sum(rate(x[15m])) > bool 0.05"
                        + " and on (instance) max(y) <= bool 10 or z == bool 0 unless w != bool 1 and v >= bool 2");
    }

    @Test
    void shouldStepSubqueriesAtTheGivenResolutionButKeepRanges() {
        assertThat(PromQlProbe.alert("deriv(max(lag)[15m:1m]) > 0 and increase(c[30m]) > 0", "1s"))
                .isEqualTo("deriv(max(lag)[15m:1s]) > bool 0 and increase(c[30m]) > bool 0");
    }

    @Test
    void shouldReplaceGrafanaRateInterval() {
        assertThat(PromQlProbe.dashboard("rate(a[$__rate_interval]) / rate(b[$__rate_interval])", "1m"))
                .isEqualTo("rate(a[1m]) / rate(b[1m])");
    }
}
