package io.openlva.sampler.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the warnings one logger category writes (JBoss LogManager is the JUL manager in the tests). */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    public LogCapture(Class<?> category) {
        this.logger = Logger.getLogger(category.getName());
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            String message = record.getMessage();
            Object[] params = record.getParameters();
            warnings.add(params == null || params.length == 0 ? message : String.format(message, params));
        }
    }

    /** The warnings so far that contain {@code text}. */
    public List<String> warnings(String text) {
        synchronized (warnings) {
            return warnings.stream().filter(w -> w.contains(text)).toList();
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
