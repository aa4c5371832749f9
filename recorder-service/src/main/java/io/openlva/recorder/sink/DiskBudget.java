package io.openlva.recorder.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * Keeps the MP4 files under a directory within a byte budget (FileSink {@code maximumSizeMiB}, AssetSink
 * {@code localMediaCacheMaximumSizeMiB}): the oldest files go first; files still being written are never deleted.
 */
public final class DiskBudget {

    private static final Logger LOG = Logger.getLogger(DiskBudget.class);

    private DiskBudget() {
    }

    public record Result(long totalBytes, List<Path> deleted) {
    }

    /** Total bytes of the files in {@code ledger}. */
    public static long usage(SinkLedger ledger) {
        return list(ledger).stream().mapToLong(FileInfo::size).sum();
    }

    /**
     * Deletes the oldest files of {@code ledger} (only files this sink wrote: a base directory may be shared with
     * other sinks and other programs) until their total is within {@code maxBytes}; never a file in {@code open}.
     */
    public static Result enforce(SinkLedger ledger, long maxBytes, Set<Path> open) {
        List<FileInfo> files = list(ledger);
        long total = files.stream().mapToLong(FileInfo::size).sum();
        List<Path> deleted = new ArrayList<>();
        if (total <= maxBytes) {
            return new Result(total, deleted);
        }
        files.sort(Comparator.comparing(FileInfo::modified).thenComparing(f -> f.path().toString()));
        for (FileInfo f : files) {
            if (total <= maxBytes) {
                break;
            }
            if (open.contains(f.path())) {
                continue;
            }
            try {
                Files.deleteIfExists(f.path());
                total -= f.size();
                deleted.add(f.path());
                LOG.infof("deleted %s (%d bytes) to keep the sink within %d bytes", f.path(), f.size(), maxBytes);
            } catch (IOException e) {
                LOG.warnf("cannot delete %s: %s", f.path(), e.getMessage());
            }
        }
        if (!deleted.isEmpty()) {
            ledger.retainExisting();
        }
        return new Result(total, deleted);
    }

    private record FileInfo(Path path, long size, java.nio.file.attribute.FileTime modified) {
    }

    private static List<FileInfo> list(SinkLedger ledger) {
        List<FileInfo> out = new ArrayList<>();
        for (Path p : ledger.files()) {
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    out.add(new FileInfo(p.toAbsolutePath().normalize(), a.size(), a.lastModifiedTime()));
                }
            } catch (IOException gone) {
                // deleted meanwhile
            }
        }
        return out;
    }
}
