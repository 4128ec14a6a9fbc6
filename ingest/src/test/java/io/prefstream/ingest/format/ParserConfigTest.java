package io.prefstream.ingest.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parser settings and their defaults. */
class ParserConfigTest {

    @Test
    void shouldDefaultToDocumentedValues() {
        final ParserConfig config = ParserConfig.defaults();

        assertThat(config.maxRecordBytes()).isEqualTo(1_000_000);
        assertThat(config.maxFieldChars()).isEqualTo(200_000);
        assertThat(config.forcedFormat()).isEqualTo(InputFormat.AUTO);
        assertThat(config.nfc()).isTrue();
        assertThat(config.crlfToLf()).isTrue();
        assertThat(config.trimTrailingWhitespace()).isTrue();
        assertThat(config.removeZeroWidth()).isTrue();
    }

    @Test
    void shouldChangeOnlyTheNamedSetting() {
        final ParserConfig config = ParserConfig.defaults().withMaxFieldChars(10).withForcedFormat(InputFormat.HH);

        assertThat(config).isEqualTo(new ParserConfig(1_000_000, 10, InputFormat.HH, true, true, true, true));
    }

    @Test
    void shouldRefuseNonPositiveLimits() {
        assertThatThrownBy(() -> ParserConfig.defaults().withMaxRecordBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRecordBytes");
        assertThatThrownBy(() -> ParserConfig.defaults().withMaxFieldChars(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFieldChars");
    }

    @Test
    void shouldRejectRecordOneByteOverTheLimit() {
        final JudgmentParser parser = new JudgmentParser(ParserConfig.defaults().withMaxRecordBytes(50));
        final String padded = "{'prompt': 'q', 'chosen': 'a', 'rejected': 'b'}";
        final String exact = padded.replace("'q'", "'" + "q".repeat(50 - padded.length() + 1) + "'");

        assertThat(Records.parse(parser, exact)).isInstanceOf(ParseResult.Accepted.class);
        assertThat(Records.rejected(Records.parse(parser, exact.replace("'q", "'qq"))).reason())
                .isEqualTo(RejectReason.RECORD_TOO_LARGE);
    }
}
