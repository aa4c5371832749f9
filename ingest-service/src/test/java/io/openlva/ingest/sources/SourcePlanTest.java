package io.openlva.ingest.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import io.openlva.graph.contract.StreamKey;
import io.openlva.graph.model.Endpoint;
import io.openlva.graph.model.EndpointKind;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.RtspSource;
import io.openlva.graph.model.RtspTransport;
import io.openlva.graph.model.UsernamePasswordCredentials;
import io.openlva.ingest.ownership.OwnershipHash;
import io.openlva.ingest.rtsp.SourceSpec;

class SourcePlanTest {

    static SourceSpec spec(String instance, String url) {
        return new SourceSpec(new StreamKey(instance, "rtspSource"), url, "tcp", null, null, false, List.of(), false, false);
    }

    @Test
    void rtspSourceBecomesASpecWithTransportCredentialsAndTls() {
        RtspSource source = new RtspSource("cam", new Endpoint(EndpointKind.TLS, "rtsps://cam/s",
                new UsernamePasswordCredentials("u", "secret"), List.of("PEM"), true, false), RtspTransport.HTTP);
        SourceSpec s = SourcePlan.specOf("i1", source);
        assertThat(s.key()).isEqualTo(new StreamKey("i1", "cam"));
        assertThat(s.transport()).isEqualTo("http");
        assertThat(s.urlWithCredentials()).isEqualTo("rtsps://u:secret@cam/s");
        assertThat(s.tls()).isTrue();
        assertThat(s.trustedCertificates()).containsExactly("PEM");
        assertThat(s.ignoreHostname()).isTrue();
        assertThat(s.toString()).doesNotContain("secret");
        assertThat(SourcePlan.specOf("i1", new RtspSource("c", Endpoint.unsecured("rtsp://c/s", null), null)).transport())
                .isEqualTo("tcp");
    }

    @Test
    void changesStopGoneAndChangedSourcesAndStartNewAndChangedOnes() {
        SourceSpec a = spec("a", "rtsp://a/1");
        SourceSpec b = spec("b", "rtsp://b/1");
        SourceSpec b2 = spec("b", "rtsp://b/2");
        SourceSpec c = spec("c", "rtsp://c/1");
        SourcePlan.Changes changes = SourcePlan.changes(Map.of(a.key(), a, b.key(), b), Map.of(b.key(), b2, c.key(), c));
        assertThat(changes.stop()).containsExactlyInAnyOrder(a.key(), b.key());
        assertThat(changes.start()).containsExactlyInAnyOrder(b2, c);
        assertThat(SourcePlan.changes(Map.of(a.key(), a), Map.of(a.key(), spec("a", "rtsp://a/1"))).isEmpty()).isTrue();
    }

    @Test
    void ingestRunsExactlyTheKindsTheOwnershipTableGivesIt() {
        // a kind newly given to ingest in NodeKind needs its runner here before this passes
        assertThat(SourcePlan.KINDS).containsExactly(NodeKind.RTSP_SOURCE);
    }

    @Test
    void ownershipPartitionIsKafkasKeyPartition() {
        for (String name : List.of("camA", "lobby", "parking-3", "x")) {
            for (int n : List.of(1, 3, 24)) {
                assertThat(OwnershipHash.partition(name, n))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), n));
            }
        }
    }
}
