package io.openlva.graph.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import io.openlva.graph.codec.GraphJson;
import io.openlva.graph.model.Instance;
import io.openlva.graph.model.ParameterDeclaration;
import io.openlva.graph.model.Topology;
import io.openlva.graph.resolve.GraphResolver;
import io.openlva.graph.resolve.ResolvedGraph;

/**
 * A workplace folder of sample topologies (/work/shared/{lva,ava}-samples, found from {@code openlva.project.root})
 * and the instance the conformance suites run each sample with. Where the folder is absent the suite is skipped
 * with a printed message.
 */
final class SampleCorpus {

    private final String label;
    private final Path dir;

    /** @param label how the suite names itself ("LVA", "AVA"); @param folder the folder under ../shared */
    SampleCorpus(String label, String folder) {
        this.label = label;
        this.dir = Path.of(System.getProperty("openlva.project.root", "."), "..", "shared", folder).normalize();
    }

    Path dir() {
        return dir;
    }

    /** The .json files of {@code subfolders} (none: the folder itself), sorted; skips the test without the folder. */
    List<Path> topologies(String... subfolders) throws IOException {
        if (!Files.isDirectory(dir)) {
            System.out.println(label + " sample conformance SKIPPED: " + dir + " not found");
        }
        Assumptions.assumeTrue(Files.isDirectory(dir),
                label + " sample topologies not found at " + dir + ": conformance suite skipped");
        List<Path> out = new ArrayList<>();
        for (Path d : subfolders.length == 0 ? List.of(dir) : Stream.of(subfolders).map(dir::resolve).toList()) {
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }

    /** An instance {@code camera-1} of {@code t} with a value for every parameter without a default, resolved. */
    static ResolvedGraph resolve(Topology t) {
        String params = t.parameters().stream().filter(p -> !p.hasDefault())
                .map(p -> "{\"name\":\"" + p.name() + "\",\"value\":\"" + valueFor(p) + "\"}")
                .reduce((a, b) -> a + "," + b).orElse("");
        Instance i = GraphJson.readInstance("{\"@apiVersion\":\"" + t.apiVersion() + "\",\"name\":\"camera-1\","
                + "\"properties\":{\"topologyName\":\"" + t.name() + "\",\"parameters\":[" + params + "]}}");
        return GraphResolver.resolve(t, i);
    }

    private static String valueFor(ParameterDeclaration p) {
        String n = p.name().toLowerCase();
        if (n.contains("rtsp") && !n.contains("user") && !n.contains("pass")) {
            return "rtsp://camera.local:554/stream1";
        }
        if (n.contains("url") || n.contains("address")) {
            return "http://extension.local:8080/score";
        }
        return "value";
    }
}
