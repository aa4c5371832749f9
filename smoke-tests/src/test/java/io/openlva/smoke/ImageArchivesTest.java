package io.openlva.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The build command's archives: target/images/<name>.oci.tar loads into an empty podman store under its full name,
 * non-root, with the version and git revision labels, and imports into containerd (what {@code k3s ctr images
 * import} runs) under the same name. One image stands for all: each archive is written the same way.
 */
class ImageArchivesTest {

    @Test
    void theToolsArchiveLoadsUnderItsNameWithVersionAndRevision() throws IOException {
        Machine.requireTools("podman", "skopeo");
        Path archive = toolsArchive();
        String index = Command.require(Duration.ofSeconds(30), List.of("tar", "-xOf", archive.toString(), "./index.json"));
        assertThat(index).contains("\"io.containerd.image.name\": \"" + Machine.image("tools") + "\"",
                "\"org.opencontainers.image.ref.name\": \"" + Machine.image("tools") + "\"");

        // A store of its own: what a fresh machine's podman load does, without touching this machine's images.
        // Under /tmp: podman refuses a run root longer than 50 characters.
        Path store = Files.createTempDirectory("openlva-load");
        try {
            String root = "--root=" + store.resolve("root");
            String runroot = "--runroot=" + store.resolve("run");
            String loaded = Command.require(Duration.ofMinutes(3), List.of("podman", root, runroot, "--storage-driver=vfs", "load", "-i", archive.toString()));
            assertThat(loaded).contains("Loaded image: " + Machine.image("tools"));
            String inspect = Command.require(Duration.ofMinutes(1), List.of("podman", root, runroot, "--storage-driver=vfs", "image", "inspect",
                    "--format", "{{.User}}|{{index .Labels \"org.opencontainers.image.version\"}}|{{index .Labels \"org.opencontainers.image.revision\"}}",
                    Machine.image("tools"))).trim();
            String[] parts = inspect.split("\\|");
            assertThat(parts[0]).as("user").isNotEmpty().doesNotStartWith("0").isNotEqualTo("root");
            assertThat(parts[1]).isEqualTo(Machine.VERSION);
            String head = Command.require(Duration.ofSeconds(30), List.of("git", "-C", Machine.PROJECT_ROOT.toString(), "rev-parse", "HEAD")).trim();
            assertThat(parts[2]).startsWith(head);
        } finally {
            // Only this store's image (never `system reset`: networks are machine-wide).
            Command.run(Duration.ofMinutes(2), List.of("podman", "--root=" + store.resolve("root"), "--runroot=" + store.resolve("run"),
                    "--storage-driver=vfs", "rmi", "-a", "-f"));
            delete(store);
        }
    }

    @Test
    void theToolsArchiveImportsIntoContainerdUnderItsName() throws IOException, InterruptedException {
        Machine.requireTools("podman", "skopeo", "containerd", "ctr");
        Path archive = toolsArchive();
        // A containerd of its own (no CRI, its own root, state and socket), as K3s embeds one.
        Path dir = Files.createTempDirectory("openlva-ctrd");
        Path socket = dir.resolve("c.sock");
        Files.writeString(dir.resolve("config.toml"), "version = 2\nroot = \"" + dir.resolve("root") + "\"\nstate = \""
                + dir.resolve("state") + "\"\ndisabled_plugins = [\"io.containerd.grpc.v1.cri\"]\n[grpc]\n  address = \"" + socket + "\"\n");
        Process containerd = new ProcessBuilder("containerd", "--config", dir.resolve("config.toml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(socket) && containerd.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(socket).as("containerd's socket; log:\n" + read(dir.resolve("containerd.log"))).exists();
            String ctr = "--address=" + socket;
            Command.require(Duration.ofMinutes(3), List.of("ctr", ctr, "-n", "k8s.io", "images", "import", "--no-unpack", archive.toString()));
            String images = Command.require(Duration.ofMinutes(1), List.of("ctr", ctr, "-n", "k8s.io", "images", "ls", "-q"));
            assertThat(images.lines()).contains(Machine.image("tools"));
        } finally {
            containerd.destroy();
            if (!containerd.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                containerd.destroyForcibly();
            }
            delete(dir);
        }
    }

    /** The build command's archive of the tools image (written, or kept when the image did not change). */
    private static Path toolsArchive() {
        Machine.imagesBuilt();
        Command.require(Duration.ofMinutes(10), List.of(Machine.PROJECT_ROOT.resolve("scripts/build-images.sh").toString(), "--only", "tools"));
        Path archive = Machine.PROJECT_ROOT.resolve("target/images/tools.oci.tar");
        assertThat(archive).isRegularFile();
        return archive;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(none)";
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
