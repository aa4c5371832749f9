package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/**
 * What the scheduler must find free on the nodes: the CPU and memory requests of every long-running pod (Jobs and
 * helm test pods come and go), for the default values and the edge profile. Printed, checked against the node each
 * profile is for, and against the figures the chart's README states.
 */
class ResourceBudgetTest {

    /**
     * Left to K3s itself on its node: the server process (API server, scheduler, kine/SQLite, kubelet, containerd),
     * about 0.5 CPU and 1 GiB on a small node, plus the requests of its own pods (CoreDNS and metrics-server,
     * 100m/70Mi each).
     */
    private static final int K3S_MILLICPU = 700;
    private static final int K3S_MIB = 1280;

    record Budget(int milliCpu, int mib, Map<String, String> perWorkload) {
    }

    @Test
    void edgeProfileFitsBesideK3sOnATwoCpuFourGibNode() {
        Budget edge = budget("edge");
        print("values-edge.yaml", edge);
        assertThat(edge.milliCpu()).as("CPU requests of the edge profile, millicores").isLessThanOrEqualTo(2000 - K3S_MILLICPU);
        assertThat(edge.mib()).as("memory requests of the edge profile, MiB").isLessThanOrEqualTo(4096 - K3S_MIB);
    }

    @Test
    void defaultsNeedTheNodeTheReadmeNames() {
        Budget defaults = budget("default");
        print("values.yaml", defaults);
        // The README's minimum node for the defaults: 4 CPUs, 8 GiB.
        assertThat(defaults.milliCpu()).isLessThanOrEqualTo(4000 - K3S_MILLICPU).isGreaterThan(2000 - K3S_MILLICPU);
        assertThat(defaults.mib()).isLessThanOrEqualTo(8192 - K3S_MIB);
        assertThat(Chart.read(Chart.CHART_DIR.resolve("README.md"))).contains("4 CPUs and 8 GiB");
    }

    @Test
    void theReadmeStatesBothProfilesRequests() {
        String readme = Chart.read(Chart.CHART_DIR.resolve("README.md"));
        for (Map.Entry<String, String> profile : Map.of("default", "values.yaml", "edge", "values-edge.yaml").entrySet()) {
            Budget b = budget(profile.getKey());
            assertThat(readme).as("chart README row of " + profile.getValue())
                    .contains("| `" + profile.getValue() + "` | " + b.milliCpu() + "m | " + b.mib() + "Mi |");
        }
    }

    static Budget budget(String valueSet) {
        Rendered r = Chart.render(valueSet);
        Map<String, String> per = new LinkedHashMap<>();
        BigDecimal cpu = BigDecimal.ZERO;
        BigDecimal bytes = BigDecimal.ZERO;
        for (Chart.Doc doc : r.docs()) {
            PodSpec spec;
            int replicas;
            if (doc.resource() instanceof Deployment d) {
                spec = d.getSpec().getTemplate().getSpec();
                // An autoscaled Deployment has no replicas: it runs at least one.
                replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            } else if (doc.resource() instanceof StatefulSet s) {
                spec = s.getSpec().getTemplate().getSpec();
                replicas = s.getSpec().getReplicas();
            } else {
                continue;
            }
            BigDecimal[] pod = podRequests(spec);
            per.put(doc.name(), replicas + " x " + millis(pod[0]) + "m/" + mib(pod[1]) + "Mi");
            cpu = cpu.add(pod[0].multiply(BigDecimal.valueOf(replicas)));
            bytes = bytes.add(pod[1].multiply(BigDecimal.valueOf(replicas)));
        }
        return new Budget(millis(cpu), mib(bytes), per);
    }

    /** A pod's effective request: the sum of its containers, or its largest init container if that is more. */
    private static BigDecimal[] podRequests(PodSpec spec) {
        BigDecimal cpu = sum(spec.getContainers(), "cpu");
        BigDecimal mem = sum(spec.getContainers(), "memory");
        for (Container init : spec.getInitContainers() == null ? List.<Container>of() : spec.getInitContainers()) {
            cpu = cpu.max(request(init, "cpu"));
            mem = mem.max(request(init, "memory"));
        }
        return new BigDecimal[] {cpu, mem};
    }

    private static BigDecimal sum(List<Container> containers, String resource) {
        return containers.stream().map(c -> request(c, resource)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal request(Container c, String resource) {
        Quantity q = c.getResources().getRequests().get(resource);
        assertThat(q).as(c.getName() + " requests " + resource).isNotNull();
        return Quantity.getAmountInBytes(q);
    }

    private static int millis(BigDecimal cores) {
        return cores.movePointRight(3).intValueExact();
    }

    private static int mib(BigDecimal bytes) {
        return bytes.divide(BigDecimal.valueOf(1024 * 1024)).intValueExact();
    }

    private static void print(String profile, Budget b) {
        StringBuilder out = new StringBuilder("requests of " + profile + ": " + b.milliCpu() + "m CPU, " + b.mib() + "Mi memory\n");
        b.perWorkload().forEach((name, r) -> out.append("  ").append(name).append(": ").append(r).append('\n'));
        System.out.print(out);
    }
}
