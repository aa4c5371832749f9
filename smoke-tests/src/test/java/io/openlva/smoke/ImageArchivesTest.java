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
 * non-root, with the version and git revision labels. (The same archive carries io.containerd.image.name for
 * {@code k3s ctr images import}.) One small image stands for all: each is written the same way.
 */
class ImageArchivesTest {

    @Test
    void theToolsArchiveLoadsUnderItsNameWithVersionAndRevision() throws IOException {
        Machine.requireTools("podman", "skopeo");
        Machine.imagesBuilt();
        Command.require(Duration.ofMinutes(10), List.of(Machine.PROJECT_ROOT.resolve("scripts/build-images.sh").toString(), "--only", "tools"));
        Path archive = Machine.PROJECT_ROOT.resolve("target/images/tools.oci.tar");
        assertThat(archive).isRegularFile();
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

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
