package io.openlva.recorder.health;

import java.util.Map;

import jakarta.inject.Singleton;

import io.openlva.recorder.app.RecorderApp;
import io.openlva.runtime.ServiceReadiness;

/** The recorder's own condition: its packet reader has joined the recorder group (it owns its share of streams). */
@Singleton
public class RecorderReadiness implements ServiceReadiness {

    private final RecorderApp app;

    public RecorderReadiness(RecorderApp app) {
        this.app = app;
    }

    @Override
    public String notReadyReason() {
        var engine = app.engine();
        return engine != null && engine.joined() ? null : "joining the recorder group";
    }

    @Override
    public Map<String, String> data() {
        var engine = app.engine();
        return Map.of("streams", Integer.toString(app.plans().size()),
                "openGates", Integer.toString(engine == null ? 0 : engine.openGates()));
    }
}
