package io.openlva.recorder.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * The files one sink wrote, kept beside them in {@code <base>/.openlva/<instance>/<node>.files} (one path relative to
 * the base per line). The disk budget deletes only what a ledger lists: a name pattern like {@code ${name}} would
 * match any file under a shared base directory, a ledger never does. It survives restarts; files written before it
 * existed are never deleted.
 */
public final class SinkLedger {

    private static final Logger LOG = Logger.getLogger(SinkLedger.class);
    static final String DIRECTORY = ".openlva";
    /** One lock per ledger file: several recordings of one sink (overlapping clips) append to the same ledger. */
    private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

    private final Path base;
    private final Path file;

    public SinkLedger(Path base, String instance, String node) {
        this.base = base.toAbsolutePath().normalize();
        this.file = this.base.resolve(DIRECTORY).resolve(SafePaths.resolve(Path.of("/x"), instance).getFileName())
                .resolve(SafePaths.resolve(Path.of("/x"), node).getFileName() + ".files");
    }

    public Path file() {
        return file;
    }

    /** Records a file this sink is about to write (before its first byte, so a crash cannot orphan it). */
    public void add(Path written) throws IOException {
        String rel = base.relativize(written.toAbsolutePath().normalize()).toString();
        synchronized (lock()) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, rel + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The files this sink wrote that still exist, oldest entry first. */
    public List<Path> files() {
        synchronized (lock()) {
            return read();
        }
    }

    /** Forgets files that are gone (deleted by the budget or by hand). */
    public void retainExisting() {
        synchronized (lock()) {
            List<Path> existing = read();
            StringBuilder sb = new StringBuilder();
            existing.forEach(p -> sb.append(base.relativize(p)).append('\n'));
            try {
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.warnf("cannot rewrite the ledger %s: %s", file, e.getMessage());
            }
        }
    }

    private List<Path> read() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Set<Path> out = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Path p = base.resolve(line).normalize();
                // a hand-edited ledger cannot point the budget outside the base directory
                if (p.startsWith(base) && !p.equals(base) && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot read the ledger %s: %s", file, e.getMessage());
        }
        return new ArrayList<>(out);
    }

    private Object lock() {
        return LOCKS.computeIfAbsent(file, k -> new Object());
    }
}
