package io.openlva.recorder.sink;

import java.time.Instant;

/** Expands the run-time system variables (${System.DateTime} ...) of a name pattern. */
@FunctionalInterface
public interface NameExpander {

    String expand(String pattern, Instant time);
}
