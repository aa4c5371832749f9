package io.openlva.devkit.clips;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.MediaPacket;
import io.openlva.graph.contract.StreamKey;

class ClipPacketsTest {

    @Test
    void clipBecomesOneSessionOfPacketsWithConfigOnKeyframes() {
        StreamKey key = new StreamKey("i", "cam");
        List<MediaPacket> packets = ClipPackets.read(SampleClips.vtest(), key, "s1", 1_000_000L);
        assertThat(packets).hasSizeGreaterThan(100);
        MediaPacket first = packets.get(0);
        assertThat(first.keyframe()).isTrue();
        assertThat(first.codecConfig()).isNotEmpty();
        assertThat(first.width()).isPositive();
        assertThat(first.height()).isPositive();
        assertThat(first.captureTimeMs()).isEqualTo(1_000_000L + first.mediaTimeUs() / 1000);
        assertThat(packets).allMatch(p -> p.key().equals(key) && p.sessionId().equals("s1"));
        assertThat(packets).filteredOn(p -> !p.keyframe()).allMatch(p -> p.codecConfig() == null && p.width() == 0);
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).sequence()).isEqualTo(i);
        }
        // the overloads: a session of their own, or capture time from now
        assertThat(ClipPackets.read(SampleClips.vtest(), key, 0).get(0).sessionId()).startsWith("test-");
        long before = System.currentTimeMillis();
        assertThat(ClipPackets.read(SampleClips.vtest(), key, "s2").get(0).captureTimeMs()).isGreaterThanOrEqualTo(before);
    }
}
