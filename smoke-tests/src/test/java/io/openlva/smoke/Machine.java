package io.openlva.smoke;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * This machine's container tools and the images built from this checkout: the smoke runs' preconditions. Without
 * podman a local run is skipped with a printed reason; in CI (CI=true) it fails, since CI must run them.
 */
final class Machine {

    static final Path PROJECT_ROOT = projectRoot();
    static final String VERSION = version();
    /** The names scripts/build-images.sh gives by default, which the chart and compose default to. */
    static final String IMAGE_PREFIX = "localhost/openlva/";

    private static boolean built;
    private static long buildSeconds;

    private Machine() {
    }

    /** Fails in CI, skips (printing why) elsewhere, when a tool the smoke runs need is missing. */
    static void requireTools(String... programs) {
        List<String> missing = new ArrayList<>();
        for (String p : programs) {
            if (!Command.onPath(p)) {
                missing.add(p);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String why = "the smoke runs need " + String.join(", ", missing) + " (scripts/setup.sh installs them)";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must run the smoke runs, but " + why);
        }
        System.out.println("SKIPPED: " + why);
        assumeTrue(false, why);
    }

    /** Builds the images once per test JVM with the project's own command (layers cached by podman). */
    static synchronized void imagesBuilt() {
        if (built) {
            return;
        }
        long start = System.nanoTime();
        // Archives are the build command's other output; ImageArchivesTest checks them on one image.
        String out = Command.require(Duration.ofMinutes(25),
                List.of(PROJECT_ROOT.resolve("scripts/build-images.sh").toString(), "--no-archives"));
        buildSeconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        System.out.println("smoke: scripts/build-images.sh took " + buildSeconds + " s");
        out.lines().filter(l -> l.matches("build-images: \\S+ +\\d+ MB")).forEach(l -> System.out.println("smoke: image " + l.substring(14)));
        built = true;
    }

    static String image(String name) {
        return IMAGE_PREFIX + name + ":" + VERSION;
    }

    /** The default model in the host's cache (scripts/fetch-model.sh fetches it once), for a volume. */
    static Path model() {
        String path = Command.require(Duration.ofMinutes(5), List.of(PROJECT_ROOT.resolve("scripts/fetch-model.sh").toString())).trim();
        Path model = Path.of(path.lines().reduce((a, b) -> b).orElseThrow());
        if (!Files.isRegularFile(model)) {
            throw new IllegalStateException("scripts/fetch-model.sh gave no model: " + path);
        }
        return model;
    }

    private static Path projectRoot() {
        Path root = Path.of(System.getProperty("openlva.project.root", "..")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("scripts/build-images.sh")) && Files.isRegularFile(root.resolve("../scripts/build-images.sh"))) {
            root = root.getParent();
        }
        return root;
    }

    private static String version() {
        try {
            String pom = Files.readString(PROJECT_ROOT.resolve("pom.xml"));
            var m = java.util.regex.Pattern.compile("(?m)^  <version>([^<]+)</version>").matcher(pom);
            if (!m.find()) {
                throw new IllegalStateException("no version in pom.xml");
            }
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
