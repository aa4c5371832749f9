package io.openlva.smoke;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command of this machine (podman, podman-compose, the build script) with a bound, capturing its output. */
final class Command {

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Command() {
    }

    /** Runs and fails (with the output) unless it exits 0 within the bound. */
    static String require(Duration timeout, List<String> command) {
        return require(timeout, command, Map.of(), null);
    }

    static String require(Duration timeout, List<String> command, Map<String, String> env, Path workDir) {
        Result r = run(timeout, command, env, workDir);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + tail(r.output(), 40));
        }
        return r.output();
    }

    static Result run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of(), null);
    }

    /** Runs with a bound; a command still running then is killed and reported as exit code -1. */
    static Result run(Duration timeout, List<String> command, Map<String, String> env, Path workDir) {
        try {
            Path out = Files.createTempFile("openlva-smoke", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                pb.environment().putAll(env);
                if (workDir != null) {
                    pb.directory(workDir.toFile());
                }
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                    return new Result(-1, "timed out after " + timeout.toSeconds() + " s\n" + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(-2, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** podman with the arguments, bounded to two minutes (image builds and runs take their own bounds). */
    static String podman(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        return require(Duration.ofMinutes(2), cmd);
    }

    /** podman that may fail (clean-up of what may not exist). */
    static Result podmanQuietly(String... args) {
        List<String> cmd = new ArrayList<>(List.of("podman"));
        cmd.addAll(List.of(args));
        return run(Duration.ofMinutes(2), cmd);
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
