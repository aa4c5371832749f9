package io.openlva.hub.iothub;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;

import org.jboss.logging.Logger;

/**
 * The module twin's desired properties LVA and AVA honoured for publishing and logging, applied while hub-bridge runs
 * as a module (all three are dynamic in LVA/AVA: a patch applies without a restart):
 * <ul>
 * <li>{@code diagnosticsEventsOutputName} / {@code operationalEventsOutputName}: the IoT Hub output that events of
 * that class go to; present but empty: that class is not published (LVA/AVA's rule);</li>
 * <li>{@code logLevel}: {@code Verbose|Information|Warning|Error|None}, the level of the {@code io.openlva} log
 * categories.</li>
 * </ul>
 * Keys are matched without regard to case (AVA's schema page spells them {@code DiagnosticsEventsOutputName}, LVA's
 * and AVA's other pages {@code diagnosticsEventsOutputName}). A property the twin does not hold, or a patch removes
 * (null), leaves hub-bridge's configured value ({@code openlva.hub.iothub.*-events-output-name}, the log level of
 * application.properties).
 */
public class ModuleTwin {

    private static final Logger LOG = Logger.getLogger(ModuleTwin.class);
    static final String DIAGNOSTICS = "diagnosticsEventsOutputName";
    static final String OPERATIONAL = "operationalEventsOutputName";
    static final String LOG_LEVEL = "logLevel";
    /** The categories {@code logLevel} sets. */
    static final String CATEGORY = "io.openlva";

    private final Optional<String> configuredDiagnostics;
    private final Optional<String> configuredOperational;
    private final java.util.logging.Logger category = java.util.logging.Logger.getLogger(CATEGORY);
    private final Level configuredLevel = category.getLevel();
    /** The desired properties held now, keys in any case; guarded by this. */
    private final Map<String, Object> desired = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private volatile Optional<String> diagnostics;
    private volatile Optional<String> operational;

    public ModuleTwin(Optional<String> configuredDiagnostics, Optional<String> configuredOperational) {
        this.configuredDiagnostics = configuredDiagnostics;
        this.configuredOperational = configuredOperational;
        this.diagnostics = configuredDiagnostics;
        this.operational = configuredOperational;
    }

    /** The output diagnostics events go to now; empty: not published. */
    public Optional<String> diagnosticsOutput() {
        return diagnostics;
    }

    /** The output operational events go to now; empty: not published. */
    public Optional<String> operationalOutput() {
        return operational;
    }

    /** The twin's whole desired set, as read after (re)connecting. */
    public synchronized void desired(Map<String, Object> properties) {
        desired.clear();
        patch(properties);
    }

    /** A desired-properties patch: keys it sets replace, keys it sets to null are removed. */
    public synchronized void patch(Map<String, Object> properties) {
        properties.forEach((k, v) -> {
            if (k.startsWith("$")) {
                return; // $version, $metadata
            }
            if (v == null) {
                desired.remove(k);
            } else {
                desired.put(k, v);
            }
        });
        apply();
    }

    private void apply() {
        Optional<String> d = output(DIAGNOSTICS, configuredDiagnostics);
        Optional<String> o = output(OPERATIONAL, configuredOperational);
        if (!d.equals(diagnostics) || !o.equals(operational)) {
            LOG.infof("module twin: diagnostics events %s, operational events %s", describe(d), describe(o));
        }
        diagnostics = d;
        operational = o;
        Object level = desired.get(LOG_LEVEL);
        Level wanted = level == null ? configuredLevel : level(level.toString());
        if (level != null && wanted == null) {
            LOG.warnf("module twin: logLevel '%s' is none of Verbose, Information, Warning, Error, None; kept", level);
        } else if (wanted != category.getLevel()) {
            category.setLevel(wanted);
            LOG.infof("module twin: log level of %s is %s", CATEGORY, level == null ? "as configured" : level);
        }
    }

    private Optional<String> output(String key, Optional<String> configured) {
        if (!desired.containsKey(key)) {
            return configured;
        }
        String name = desired.get(key).toString().trim();
        return name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    private static String describe(Optional<String> output) {
        return output.map(o -> "on output '" + o + "'").orElse("not published");
    }

    /** LVA/AVA's level names, as JUL levels (JBoss LogManager's DEBUG is FINE), or null when unknown. */
    static Level level(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "verbose" -> Level.FINE;
            case "information" -> Level.INFO;
            case "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            case "none" -> Level.OFF;
            default -> null;
        };
    }
}
