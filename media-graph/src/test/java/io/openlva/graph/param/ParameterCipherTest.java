package io.openlva.graph.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class ParameterCipherTest {

    private static final String OLD = ParameterCipher.newKey("2026-01");
    private static final String NEW = ParameterCipher.newKey("2026-06");

    @Test
    void sealsSoThatTheValueIsNotInTheTextAndOpensItAgain() {
        ParameterCipher cipher = ParameterCipher.parse(OLD);
        String sealed = cipher.seal("gate-camera", "rtspPassword", "hunter2-secret");
        assertThat(sealed).startsWith("openlva:sealed:v1:2026-01:").doesNotContain("hunter2");
        assertThat(new String(Base64.getUrlDecoder().decode(sealed.substring(sealed.lastIndexOf(':') + 1))))
                .doesNotContain("hunter2");
        assertThat(cipher.seal("gate-camera", "rtspPassword", "hunter2-secret")).as("a fresh nonce each time")
                .isNotEqualTo(sealed);
        assertThat(cipher.open("gate-camera", "rtspPassword", sealed)).isEqualTo("hunter2-secret");
        assertThat(cipher.open("gate-camera", "rtspUrl", "rtsp://cam")).as("plain values pass").isEqualTo("rtsp://cam");
    }

    @Test
    void aSealedValueIsBoundToItsParameterAndCannotBeAltered() {
        ParameterCipher cipher = ParameterCipher.parse(OLD);
        String sealed = cipher.seal("gate-camera", "rtspPassword", "hunter2-secret");
        assertThatThrownBy(() -> cipher.open("yard-camera", "rtspPassword", sealed))
                .isInstanceOf(SealedParameterException.class).hasMessageNotContaining("hunter2");
        char last = sealed.charAt(sealed.length() - 2);
        String altered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);
        assertThatThrownBy(() -> cipher.open("gate-camera", "rtspPassword", altered))
                .isInstanceOf(SealedParameterException.class);
    }

    @Test
    void withoutTheKeyNothingOpensAndTheMessageNamesOnlyTheKeyId() {
        String sealed = ParameterCipher.parse(OLD).seal("gate-camera", "rtspPassword", "hunter2-secret");
        assertThatThrownBy(() -> ParameterCipher.none().open("gate-camera", "rtspPassword", sealed))
                .isInstanceOf(SealedParameterException.class)
                .hasMessageContaining("'2026-01'").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ParameterCipher.parse(NEW).open("gate-camera", "rtspPassword", sealed))
                .isInstanceOf(SealedParameterException.class).hasMessageContaining("[2026-06]");
    }

    @Test
    void rotationSealsWithTheFirstKeyAndOpensWithEveryKey() {
        String sealedBefore = ParameterCipher.parse(OLD).seal("gate-camera", "rtspPassword", "old-secret");
        ParameterCipher rotated = ParameterCipher.parse(NEW + "," + OLD);
        assertThat(rotated.sealingKeyId()).isEqualTo("2026-06");
        assertThat(rotated.open("gate-camera", "rtspPassword", sealedBefore)).isEqualTo("old-secret");
        assertThat(ParameterCipher.keyIdOf(rotated.seal("gate-camera", "rtspPassword", "new-secret"))).isEqualTo("2026-06");
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingThem() {
        assertThat(ParameterCipher.parse(" ").sealing()).isFalse();
        assertThatThrownBy(() -> ParameterCipher.parse("k1=c2hvcnQ=")).hasMessageContaining("'k1' has 5 bytes")
                .hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(() -> ParameterCipher.parse("no-id-here")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("no-id-here");
        assertThatThrownBy(() -> ParameterCipher.parse(OLD + "," + OLD)).hasMessageContaining("given twice");
    }
}
