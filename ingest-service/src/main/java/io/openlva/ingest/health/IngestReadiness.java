package io.openlva.ingest.health;

import java.util.Map;

import jakarta.inject.Singleton;

import io.openlva.ingest.sources.SourceRunner;
import io.openlva.runtime.ServiceReadiness;

/**
 * Ingest's part of the runtime's readiness check: ready once this replica is in the ingest group; the data lists
 * the streams it pulls and the ownership partitions it holds.
 */
@Singleton
public class IngestReadiness implements ServiceReadiness {

    private final SourceRunner sources;

    public IngestReadiness(SourceRunner sources) {
        this.sources = sources;
    }

    @Override
    public String notReadyReason() {
        return sources.joined() ? null : "joining the ingest group";
    }

    @Override
    public Map<String, String> data() {
        return Map.of("sources", String.join(",", sources.pulledSources()),
                "ownedPartitions", sources.ownedPartitions().toString());
    }
}
