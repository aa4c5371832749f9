package io.openlva.sampler.health;

import java.util.Map;

import jakarta.inject.Singleton;

import io.openlva.runtime.ServiceReadiness;
import io.openlva.sampler.app.SamplerApp;

/**
 * The sampler's part of the runtime's readiness check: ready once each packet consumer is in the sampler group;
 * the data gives the streams planned from the active instances.
 */
@Singleton
public class SamplerReadiness implements ServiceReadiness {

    private final SamplerApp app;

    public SamplerReadiness(SamplerApp app) {
        this.app = app;
    }

    @Override
    public String notReadyReason() {
        return app.joined() ? null : "joining the sampler group";
    }

    @Override
    public Map<String, String> data() {
        return Map.of("plannedStreams", Integer.toString(app.plannedStreams()));
    }
}
