package io.openlva.recorder.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    /** Total bytes of the MP4 files under {@code dir} that {@code belongs} accepts. */
    public static long usage(Path dir, Predicate<Path> belongs) {
        return list(dir, belongs).stream().mapToLong(FileInfo::size).sum();
    }

    /**
     * Deletes the oldest MP4 files under {@code dir} accepted by {@code belongs} (the sink's own files: a base
     * directory may be shared) until their total is within {@code maxBytes}; never a file in {@code open}.
     */
    public static Result enforce(Path dir, long maxBytes, Set<Path> open, Predicate<Path> belongs) {
        List<FileInfo> files = list(dir, belongs);
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
                LOG.infof("deleted %s (%d bytes) to keep %s within %d bytes", f.path(), f.size(), dir, maxBytes);
            } catch (IOException e) {
                LOG.warnf("cannot delete %s: %s", f.path(), e.getMessage());
            }
        }
        return new Result(total, deleted);
    }

    /**
     * The files a sink wrote under {@code dir}: for a FileSink, files named by its pattern (variables match
     * anything, with the {@code -N} suffix of a name taken twice); for an AssetSink, the segments in asset
     * directories named by its pattern.
     */
    public static Predicate<Path> ownedBy(Path dir, String namePattern, boolean asset) {
        StringBuilder re = new StringBuilder();
        java.util.regex.Matcher m = Pattern.compile("\\$\\{[^}]*\\}").matcher(namePattern);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(namePattern.substring(last, m.start()))).append(".+");
            last = m.end();
        }
        re.append(Pattern.quote(namePattern.substring(last).replaceAll("\\.mp4$", ""))).append("(-\\d+)?");
        Pattern name = Pattern.compile(re.toString());
        Path base = dir.toAbsolutePath().normalize();
        return p -> {
            Path rel = base.relativize(p.toAbsolutePath().normalize());
            if (asset) {
                return rel.getNameCount() >= 2 && name.matcher(rel.getName(0).toString()).matches();
            }
            String r = rel.toString().replace('\\', '/');
            return name.matcher(r.substring(0, r.length() - 4)).matches();
        };
    }

    private record FileInfo(Path path, long size, java.nio.file.attribute.FileTime modified) {
    }

    private static List<FileInfo> list(Path dir, Predicate<Path> belongs) {
        List<FileInfo> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(".mp4")).filter(belongs).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        out.add(new FileInfo(p.toAbsolutePath().normalize(), a.size(), a.lastModifiedTime()));
                    }
                } catch (IOException gone) {
                    // deleted meanwhile
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warnf("cannot list %s: %s", dir, e.getMessage());
        }
        return out;
    }
}
