package io.openlva.recorder.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void rangesAsBrowsersAskForThem() {
        assertThat(ByteRange.parse("bytes=0-", 1000)).isEqualTo(new ByteRange(0, 999));
        assertThat(ByteRange.parse("bytes=100-199", 1000).contentRange(1000)).isEqualTo("bytes 100-199/1000");
        assertThat(ByteRange.parse("bytes=100-199", 1000).length()).isEqualTo(100);
        assertThat(ByteRange.parse("bytes=-100", 1000)).isEqualTo(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=900-5000", 1000)).isEqualTo(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=0-1, 5-6", 1000)).isEqualTo(new ByteRange(0, 1));
    }

    @Test
    void noOrUnusableHeaderMeansTheWholeFileAndBeyondTheEndIsUnsatisfiable() {
        assertThat(ByteRange.parse(null, 1000)).isNull();
        assertThat(ByteRange.parse("items=0-1", 1000)).isNull();
        assertThat(ByteRange.parse("bytes=abc", 1000)).isNull();
        assertThat(ByteRange.parse("bytes=1000-", 1000).satisfiable()).isFalse();
        assertThat(ByteRange.parse("bytes=5-2", 1000).satisfiable()).isFalse();
    }
}
