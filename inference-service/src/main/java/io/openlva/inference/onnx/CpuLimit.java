package io.openlva.inference.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The CPU limit of this process's cgroup (a container's {@code resources.limits.cpu}), read the way the JVM does:
 * {@code /proc/self/cgroup} names the cgroup, {@code /proc/self/mountinfo} where its hierarchy is mounted, and the
 * quota is {@code cpu.max} (cgroup v2) or {@code cpu.cfs_quota_us / cpu.cfs_period_us} (v1), the smallest along
 * the path up to the mount. ONNX Runtime on its own counts the host's cores, so a pod limited to 2 CPUs on a
 * 32-core node would start 32 intra-op threads and be throttled.
 */
public final class CpuLimit {

    private final Path root;

    /** @param root the file system root to read {@code proc/} and {@code sys/} under ("/" outside tests) */
    public CpuLimit(Path root) {
        this.root = root;
    }

    public static CpuLimit ofThisProcess() {
        return new CpuLimit(Path.of("/"));
    }

    /** The quota in CPUs (e.g. 1.5), or empty when there is none or it cannot be read. */
    public OptionalDouble cpus() {
        List<String> cgroups = lines("proc/self/cgroup");
        List<String> mounts = lines("proc/self/mountinfo");
        // v1 first: on hybrid hosts the cpu controller sits in the v1 hierarchy and the unified one has no cpu.max
        for (String line : cgroups) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && List.of(f[1].split(",")).contains("cpu")) {
                Optional<Location> at = locate(mounts, false, f[2]);
                if (at.isPresent()) {
                    return v1Quota(at.get());
                }
            }
        }
        for (String line : cgroups) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
                Optional<Location> at = locate(mounts, true, f[2]);
                if (at.isPresent()) {
                    return v2Quota(at.get());
                }
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * Intra-op threads for ONNX Runtime: {@code configured} when above 0, else the CPU quota rounded up (as the
     * JVM counts it), never more than the processors this process may run on, at least 1.
     */
    public int intraOpThreads(int configured, int availableProcessors) {
        if (configured > 0) {
            return configured;
        }
        OptionalDouble cpus = cpus();
        int fromQuota = cpus.isPresent() ? (int) Math.ceil(cpus.getAsDouble() - 1e-9) : Integer.MAX_VALUE;
        return Math.max(1, Math.min(fromQuota, availableProcessors));
    }

    /** A cgroup's directory and the mount point of its hierarchy (limits are read from the one up to the other). */
    private record Location(Path dir, Path mount) {
    }

    /** The cgroup directory of {@code cgroupPath} under the matching mount, from mountinfo. */
    private Optional<Location> locate(List<String> mounts, boolean v2, String cgroupPath) {
        for (String m : mounts) {
            // id parent major:minor root mountPoint options [optional fields] - fstype source superOptions
            int sep = m.indexOf(" - ");
            if (sep < 0) {
                continue;
            }
            String[] pre = m.substring(0, sep).split(" ");
            String[] post = m.substring(sep + 3).split(" ");
            if (pre.length < 5 || post.length < 1) {
                continue;
            }
            boolean match = v2 ? post[0].equals("cgroup2")
                    : post[0].equals("cgroup") && post.length >= 3 && List.of(post[2].split(",")).contains("cpu");
            if (!match) {
                continue;
            }
            String mountRoot = unescape(pre[3]);
            Path mountPoint = under(unescape(pre[4]));
            String relative = cgroupPath.startsWith(mountRoot) ? cgroupPath.substring(mountRoot.length()) : "";
            Path dir = relative.isEmpty() || relative.equals("/") ? mountPoint : mountPoint.resolve(relative.replaceFirst("^/+", ""));
            // a cgroup namespace may show a path that does not exist under this mount: the mount itself is ours then
            return Optional.of(new Location(Files.isDirectory(dir) ? dir : mountPoint, mountPoint));
        }
        return Optional.empty();
    }

    private static OptionalDouble v2Quota(Location at) {
        double best = Double.MAX_VALUE;
        for (Path d = at.dir(); d != null && d.startsWith(at.mount()); d = d.getParent()) {
            String[] f = first(d.resolve("cpu.max")).split("\\s+");
            if (f.length >= 1 && !f[0].isEmpty() && !f[0].equals("max")) {
                double quota = parse(f[0]);
                double period = f.length >= 2 ? parse(f[1]) : 100_000;
                if (quota > 0 && period > 0) {
                    best = Math.min(best, quota / period);
                }
            }
        }
        return best == Double.MAX_VALUE ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    private static OptionalDouble v1Quota(Location at) {
        double best = Double.MAX_VALUE;
        for (Path d = at.dir(); d != null && d.startsWith(at.mount()); d = d.getParent()) {
            double quota = parse(first(d.resolve("cpu.cfs_quota_us")));
            double period = parse(first(d.resolve("cpu.cfs_period_us")));
            if (quota > 0 && period > 0) {
                best = Math.min(best, quota / period);
            }
        }
        return best == Double.MAX_VALUE ? OptionalDouble.empty() : OptionalDouble.of(best);
    }

    private Path under(String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    private List<String> lines(String relative) {
        try {
            return Files.readAllLines(root.resolve(relative));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String first(Path file) {
        try {
            List<String> l = Files.readAllLines(file);
            return l.isEmpty() ? "" : l.get(0).strip();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** mountinfo escapes spaces and the like as octal ({@code \040}). */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
