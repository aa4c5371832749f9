package io.openlva.devkit.camera;

import io.openlva.devkit.Processes;

import io.openlva.devkit.Ports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.openlva.devkit.clips.SampleClips;

/**
 * A simulated IP camera: GStreamer's RTSP server (Debian {@code gir1.2-gst-rtsp-server-1.0}) run by
 * {@code rtsp_camera.py} in a child process, serving each clip in a loop without re-encoding, over RTP/UDP
 * and RTP/TCP interleaved, optionally behind basic + digest authentication. It listens on 127.0.0.1 and exits
 * by itself when this JVM goes away.
 *
 * <pre>{@code
 * try (SimulatedCamera camera = SimulatedCamera.start(0, Map.of("cam1", SampleClips.vtest()))) {
 *     String url = camera.url("cam1"); // rtsp://127.0.0.1:port/cam1
 * }
 * }</pre>
 */
public final class SimulatedCamera implements AutoCloseable {

    /** Debian's interpreter: the one that has the GStreamer GObject bindings (python3-gi). */
    public static final String PYTHON = System.getProperty("openlva.camera.python", "/usr/bin/python3");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Map<String, Path> mounts;
    private final String username;
    private final String password;
    private final AuthMethod authMethod;
    private final Path logFile;
    private Path tlsCertificate;
    private Path tlsKey;
    private Process process;

    /** The challenges the camera offers when it has credentials. */
    public enum AuthMethod {
        BASIC, DIGEST, /** both challenges; clients such as FFmpeg pick digest */ BOTH
    }

    private SimulatedCamera(int port, Map<String, Path> mounts, String username, String password, AuthMethod authMethod,
            Path logFile) {
        this.port = port;
        this.mounts = mounts;
        this.username = username;
        this.password = password;
        this.authMethod = authMethod;
        this.logFile = logFile;
    }

    /** Starts a camera without authentication; {@code port} 0 picks a free port. */
    public static SimulatedCamera start(int port, Map<String, Path> mounts) {
        return start(port, mounts, null, null);
    }

    /**
     * Starts a camera; with a username, clients must authenticate (basic or digest, the client chooses).
     *
     * @param mounts mount name (e.g. {@code cam1}) to H.264 MP4 clip, see {@link SampleClips}
     */
    public static SimulatedCamera start(int port, Map<String, Path> mounts, String username, String password) {
        return start(port, mounts, username, password, AuthMethod.BOTH);
    }

    /** Starts a camera that offers only the given authentication method(s). */
    public static SimulatedCamera start(int port, Map<String, Path> mounts, String username, String password,
            AuthMethod authMethod) {
        return start(port, mounts, username, password, authMethod, Path.of("target"));
    }

    /** Starts a camera without authentication that logs into {@code logDirectory} (the local run's logs). */
    public static SimulatedCamera start(int port, Map<String, Path> mounts, Path logDirectory) {
        return start(port, mounts, null, null, AuthMethod.BOTH, logDirectory);
    }

    private static SimulatedCamera start(int port, Map<String, Path> mounts, String username, String password,
            AuthMethod authMethod, Path logDirectory) {
        if (mounts.isEmpty()) {
            throw new IllegalArgumentException("a camera needs at least one mount");
        }
        int chosen = port == 0 ? Ports.free() : port;
        SimulatedCamera camera = new SimulatedCamera(chosen, new LinkedHashMap<>(mounts), username, password,
                authMethod, logFile(logDirectory, chosen));
        camera.startProcess();
        return camera;
    }

    private static Path logFile(Path directory, int port) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directory.resolve("simulated-camera-" + port + ".log").toAbsolutePath();
    }

    /**
     * Starts an RTSPS camera (RTSP over TLS, interleaved TCP only) with the given PEM certificate and key;
     * {@link #url} then gives {@code rtsps://} URLs. Username null: no authentication.
     */
    public static SimulatedCamera startTls(int port, Map<String, Path> mounts, String username, String password,
            Path certificatePem, Path privateKeyPem) {
        int chosen = port == 0 ? Ports.free() : port;
        SimulatedCamera camera = new SimulatedCamera(chosen, new LinkedHashMap<>(mounts), username, password,
                AuthMethod.BOTH, logFile(Path.of("target"), chosen));
        camera.tlsCertificate = certificatePem.toAbsolutePath();
        camera.tlsKey = privateKeyPem.toAbsolutePath();
        camera.startProcess();
        return camera;
    }

    public int port() {
        return port;
    }

    /** The mount's URL without credentials: {@code rtsp://127.0.0.1:port/mount}. */
    public String url(String mount) {
        if (!mounts.containsKey(mount)) {
            throw new IllegalArgumentException("no mount " + mount + " on this camera: " + mounts.keySet());
        }
        return (tlsCertificate != null ? "rtsps" : "rtsp") + "://127.0.0.1:" + port + "/" + mount;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers); clients see their sessions end. */
    public synchronized void stop() {
        Processes.stop(process, Duration.ofSeconds(10));
        process = null;
    }

    /** Kills the server abruptly (SIGKILL), as a camera losing power would go. */
    public synchronized void kill() {
        Processes.kill(process);
        process = null;
    }

    /** Starts the server again on the same port and mounts (after {@link #stop()}/{@link #kill()} or while running). */
    public synchronized void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startProcess() {
        try {
            Files.createDirectories(logFile.getParent());
            List<String> cmd = new ArrayList<>(List.of(PYTHON, "-u", script().toString(),
                    "--port", Integer.toString(port), "--parent-pid", Long.toString(ProcessHandle.current().pid())));
            mounts.forEach((name, clip) -> {
                cmd.add("--mount");
                cmd.add(name + "=" + clip.toAbsolutePath());
            });
            if (tlsCertificate != null) {
                cmd.addAll(List.of("--tls-cert", tlsCertificate.toString(), "--tls-key", tlsKey.toString()));
            }
            if (username != null) {
                cmd.add("--auth");
                cmd.add(authMethod.name().toLowerCase(java.util.Locale.ROOT));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            if (username != null) {
                // Through the environment, not argv: credentials stay out of `ps`.
                pb.environment().put("CAMERA_USER", username);
                pb.environment().put("CAMERA_PASSWORD", password == null ? "" : password);
            }
            process = pb.start();
            awaitListening();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated camera (" + PYTHON
                    + " with python3-gi and gir1.2-gst-rtsp-server-1.0), see " + logFile, e);
        }
    }

    /** Bounded wait until the server answers an RTSP OPTIONS request. */
    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the simulated camera exited with " + process.exitValue() + "; see "
                        + logFile + ":\n" + tail(20));
            }
            if (answersOptions()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        kill();
        throw new IllegalStateException("the simulated camera did not answer within " + START_TIMEOUT + "; see " + logFile);
    }

    private boolean answersOptions() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            if (tlsCertificate != null) {
                return true; // listening; a TLS handshake is the client's business
            }
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(("OPTIONS rtsp://127.0.0.1:" + port + "/ RTSP/1.0\r\nCSeq: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] head = new byte[8];
            int n = s.getInputStream().readNBytes(head, 0, head.length);
            return n == head.length && new String(head, StandardCharsets.US_ASCII).startsWith("RTSP/1.0");
        } catch (IOException notYet) {
            return false;
        }
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The Python script, copied out of the classpath once per JVM (it may live inside a jar). */
    private static synchronized Path script() throws IOException {
        if (scriptFile == null || !Files.isRegularFile(scriptFile)) {
            Path tmp = Files.createTempFile("openlva-rtsp-camera", ".py");
            tmp.toFile().deleteOnExit();
            try (InputStream in = SimulatedCamera.class.getResourceAsStream("rtsp_camera.py")) {
                if (in == null) {
                    throw new IllegalStateException("rtsp_camera.py missing from devkit's resources");
                }
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            scriptFile = tmp;
        }
        return scriptFile;
    }

    private static Path scriptFile;

    /**
     * Local run: {@code java -cp devkit/target/classes io.openlva.devkit.camera.SimulatedCamera --port 8554
     * --clip /path.mp4 [--mount cam1] [--clip /other.mp4 --mount cam2] [--user u --password p]}. Without a
     * clip, serves {@link SampleClips#vtest()}. Stops on Ctrl-C.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 8554;
        List<Path> clips = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String user = null;
        String password = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--clip" -> clips.add(Path.of(value));
                case "--mount" -> names.add(value);
                case "--user" -> user = value;
                case "--password" -> password = value;
                default -> {
                    System.err.println("unknown argument " + args[i]
                            + "; usage: --port 8554 --clip /path.mp4 [--mount cam1] [--user u --password p]");
                    System.exit(2);
                }
            }
            i++;
        }
        if (clips.isEmpty()) {
            clips.add(SampleClips.vtest());
        }
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (int i = 0; i < clips.size(); i++) {
            mounts.put(i < names.size() ? names.get(i) : "cam" + (i + 1), clips.get(i));
        }
        SimulatedCamera camera = start(port, mounts, user, password);
        Runtime.getRuntime().addShutdownHook(new Thread(camera::stop, "camera-stop"));
        mounts.keySet().forEach(m -> System.out.println(camera.url(m)));
        System.out.println("log: " + camera.logFile() + " (Ctrl-C stops)");
        while (camera.isRunning()) {
            Thread.sleep(1000);
        }
    }
}
