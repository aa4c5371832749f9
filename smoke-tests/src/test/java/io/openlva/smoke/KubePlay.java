package io.openlva.smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs a rendered chart's workloads on this machine with {@code podman kube play}, one pod per workload, and bridges
 * what podman lacks, leaving the chart plain Kubernetes:
 * <ul>
 * <li>Deployments and StatefulSets become one Pod each (the chart runs one replica of each by default); a
 * StatefulSet's volumeClaimTemplates become podman volumes named as Kubernetes names the claims
 * ({@code <template>-<statefulset>-0}), as do PersistentVolumeClaims. Jobs become Pods played after the rest (the
 * post-install hook), replaced when they fail as the Job controller would, up to their backoffLimit; the helm test
 * Pod is played when asked.</li>
 * <li>Services: podman has none. Every pod gets a fixed address on one podman network, and every pod's
 * {@code hostAliases} maps each Service's names ({@code svc}, {@code svc.ns}, {@code svc.ns.svc},
 * {@code svc.ns.svc.cluster.local}, and a StatefulSet pod's {@code pod.headless...}) to the address of the pod the
 * Service selects, so names resolve as cluster DNS would. Service ports must equal the container ports (they do in
 * this chart); a NodePort Service is published on 127.0.0.1:nodePort of this host, as a node would serve it.</li>
 * <li>Secrets: podman 4.3's kube play does not take Secret documents (it stores them but cannot read them back), so
 * each becomes a podman secret in the form its secretKeyRef lookup reads: a JSON object of base64 values.</li>
 * <li>Secret volumes: podman 4.3 mounts a secret volume from a secret stored as a Secret document, not in the form
 * above; the harness writes the Secret's keys (the volume's items, or all) as files into a directory of its work
 * directory and mounts that read-only (hostPath), as the kubelet would project them.</li>
 * <li>Downward API: podman 4.3 cannot set {@code fieldRef: metadata.namespace}; the harness writes the value.</li>
 * <li>Readiness: the harness runs each container's own readinessProbe (httpGet, tcpSocket) from this host against
 * the pod's address, bounded by the container's startupProbe budget; podman only runs liveness probes itself.</li>
 * </ul>
 * Everything it makes carries the label {@code openlva-smoke=<run>} or a name from the rendered chart, and
 * {@link #cleanUp()} removes it all, also what an earlier aborted run left.
 */
final class KubePlay implements AutoCloseable {

    /** A played pod: its name, address and spec. */
    record PlayedPod(String name, String ip, Map<String, Object> pod) {
        List<Map<String, Object>> containers() {
            return Maps.list(Maps.path(pod, "spec", "containers")).stream().map(Maps::cast).toList();
        }

        String container(String containerName) {
            return name + "-" + containerName;
        }
    }

    private final String run;
    private final String namespace;
    private final RenderedChart chart;
    private final Path work;
    private final String network;
    private final Map<String, Map<String, Object>> pods = new LinkedHashMap<>();
    private final Map<String, String> ips = new LinkedHashMap<>();
    private final Map<String, PlayedPod> played = new LinkedHashMap<>();
    private final List<String> ignored = new ArrayList<>();
    /** Pods made from Jobs: how many failed pods the Job controller would replace (spec.backoffLimit). */
    private final Map<String, Integer> backoffLimits = new LinkedHashMap<>();

    KubePlay(String run, String namespace, RenderedChart chart, Path work) {
        this.run = run;
        this.namespace = namespace;
        this.chart = chart;
        this.work = work;
        this.network = "openlva-smoke-" + run;
    }

    String label() {
        return "openlva-smoke=" + run;
    }

    /** Removes the pods, volumes, secrets and network of this run (and of an earlier aborted one). */
    void cleanUp() {
        // the files of secret volumes (keys among them)
        try (java.util.stream.Stream<Path> files = Files.exists(work.resolve("secret-volumes"))
                ? Files.walk(work.resolve("secret-volumes")) : java.util.stream.Stream.empty()) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String pod : Command.podmanQuietly("pod", "ps", "-q", "--filter", "label=" + label()).output().lines().toList()) {
            Command.podmanQuietly("pod", "rm", "-f", "-t", "5", pod.trim());
        }
        for (Map<String, Object> s : chart.ofKind("Secret")) {
            Command.podmanQuietly("secret", "rm", (String) Maps.path(s, "metadata", "name"));
        }
        for (String v : Command.podmanQuietly("volume", "ls", "-q", "--filter", "label=" + label()).output().lines().toList()) {
            Command.podmanQuietly("volume", "rm", "-f", v.trim());
        }
        Command.podmanQuietly("network", "rm", "-f", network);
    }

    @Override
    public void close() {
        saveLogs();
        cleanUp();
    }

    /** Converts the workloads, creates network, volumes and secrets, and plays every pod but hooks. */
    void playRelease(Map<String, Integer> nodePorts) {
        cleanUp();
        Command.podman("network", "create", "--label", label(), network);
        String subnet = Command.podman("network", "inspect", "--format", "{{range .Subnets}}{{.Subnet}}{{end}}", network).trim();
        String base = subnet.substring(0, subnet.lastIndexOf('.') + 1); // a /24 from podman's pool: x.y.z.
        convertWorkloads();
        int host = 10;
        for (String pod : pods.keySet()) {
            ips.put(pod, base + host++);
        }
        bridgeServices(nodePorts);
        for (Map<String, Object> s : chart.ofKind("Secret")) {
            createSecret(s);
        }
        for (Map<String, Object> claim : chart.ofKind("PersistentVolumeClaim")) {
            volume((String) Maps.path(claim, "metadata", "name"));
        }
        for (Map.Entry<String, Map<String, Object>> e : pods.entrySet()) {
            if (!isHook(e.getValue())) {
                play(e.getKey());
            }
        }
        if (!ignored.isEmpty()) {
            System.out.println("smoke: not played (no podman equivalent, not needed here): " + ignored);
        }
    }

    /** Plays the pods of a hook ("post-install", "test"). */
    List<PlayedPod> playHook(String hook) {
        List<PlayedPod> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : pods.entrySet()) {
            Object value = Maps.path(e.getValue(), "metadata", "annotations", RenderedChart.HOOK);
            if (value != null && List.of(value.toString().split(",")).contains(hook)) {
                out.add(play(e.getKey()));
            }
        }
        if (out.isEmpty()) {
            throw new AssertionError("the chart has no " + hook + " hook pod");
        }
        return out;
    }

    PlayedPod pod(String name) {
        return Objects.requireNonNull(played.get(name), () -> "no played pod " + name + " in " + played.keySet());
    }

    List<PlayedPod> releasePods() {
        return played.values().stream().filter(p -> !isHook(p.pod())).toList();
    }

    /** The host directory of a podman volume (a PVC's claim). */
    Path volumePath(String claim) {
        return Path.of(Command.podman("volume", "inspect", "--format", "{{.Mountpoint}}", claim).trim());
    }

    /** Waits until every container of the pod passes its own readinessProbe (or, without one, runs). */
    void awaitReady(PlayedPod pod, Duration atMost) {
        for (Map<String, Object> c : pod.containers()) {
            String name = (String) c.get("name");
            Map<String, Object> readiness = Maps.map(c, "readinessProbe");
            Duration bound = startupBudget(c, atMost);
            long deadline = System.nanoTime() + bound.toNanos();
            while (true) {
                assertRunning(pod, name);
                if (readiness.isEmpty() || probe(pod, c, readiness)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(pod.name() + "/" + name + " not ready within " + bound.toSeconds() + " s (its readinessProbe "
                            + readiness + "); log:\n" + Command.tail(logs(pod.container(name)), 40));
                }
                SampleGraph.sleep(2000);
            }
        }
    }

    /**
     * Waits for a run-to-completion pod (Job, helm test) to exit 0, within the bound. A Job's failed pod is replaced,
     * up to its backoffLimit, as the Job controller does (podman restarts only restartPolicy OnFailure pods itself).
     */
    void awaitCompleted(PlayedPod pod, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        int failures = 0;
        for (Map<String, Object> c : pod.containers()) {
            String container = pod.container((String) c.get("name"));
            while (true) {
                String[] state = Command.podman("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}", container)
                        .trim().split(" ");
                if (state[0].equals("exited") && state[1].equals("0")) {
                    break;
                }
                boolean never = "Never".equals(Maps.path(pod.pod(), "spec", "restartPolicy"));
                if (state[0].equals("exited") && never) {
                    failures++;
                    if (failures > backoffLimits.getOrDefault(pod.name(), 0)) {
                        throw new AssertionError(container + " failed with exit code " + state[1] + (failures > 1 ? " (" + failures + " pods)" : "")
                                + ":\n" + Command.tail(logs(container), 40));
                    }
                    System.out.println("smoke: " + pod.name() + " failed (exit " + state[1] + "); the Job's next pod, as its backoffLimit allows");
                    Command.podman("pod", "rm", "-f", "-t", "5", pod.name());
                    play(pod.name());
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(container + " did not complete within " + atMost.toSeconds() + " s (state " + String.join(" ", state)
                            + "):\n" + Command.tail(logs(container), 40));
                }
                SampleGraph.sleep(2000);
            }
        }
    }

    /** Copies every container's log to the run's directory (kept after the run, for reading). */
    void saveLogs() {
        for (PlayedPod p : played.values()) {
            for (Map<String, Object> c : p.containers()) {
                String container = p.container((String) c.get("name"));
                try {
                    Files.writeString(work.resolve(container + ".log"), logs(container));
                } catch (IOException e) {
                    // a log is for reading only
                }
            }
        }
    }

    static String logs(String container) {
        return Command.podmanQuietly("logs", container).output();
    }

    // ---- conversion -------------------------------------------------------------------------------------------

    private void convertWorkloads() {
        for (Map<String, Object> doc : chart.documents()) {
            String kind = (String) doc.get("kind");
            String name = (String) Maps.path(doc, "metadata", "name");
            switch (kind) {
                case "Deployment" -> addPod(name, Maps.map(doc, "spec", "template"), doc);
                case "StatefulSet" -> {
                    Map<String, Object> template = Maps.cast(Maps.copy(Maps.map(doc, "spec", "template")));
                    String podName = name + "-0";
                    List<Object> volumes = Maps.list(Maps.path(template, "spec", "volumes"));
                    for (Object t : Maps.list(Maps.path(doc, "spec", "volumeClaimTemplates"))) {
                        String claimTemplate = (String) Maps.path(Maps.cast(t), "metadata", "name");
                        String claim = claimTemplate + "-" + podName;
                        volume(claim);
                        volumes.add(Maps.of("name", claimTemplate, "persistentVolumeClaim", Maps.of("claimName", claim)));
                    }
                    Maps.map(template, "spec").put("volumes", volumes);
                    addPod(podName, template, doc);
                }
                case "Job" -> {
                    addPod(name, Maps.map(doc, "spec", "template"), doc);
                    Object limit = Maps.path(doc, "spec", "backoffLimit");
                    backoffLimits.put(name, limit instanceof Number n ? n.intValue() : 6);
                }
                case "Pod" -> addPod(name, doc, doc);
                case "ConfigMap", "Secret", "PersistentVolumeClaim", "Service" -> {
                    // played with the pods, as podman secrets and volumes, and as host aliases
                }
                default -> ignored.add(kind + "/" + name);
            }
        }
    }

    private void addPod(String name, Map<String, Object> template, Map<String, Object> owner) {
        Map<String, Object> metadata = Maps.cast(Maps.copy(Maps.map(template, "metadata")));
        metadata.put("name", name);
        metadata.put("namespace", namespace); // for fieldRef metadata.namespace, as the API server fills it in
        Map<String, Object> labels = Maps.map(metadata, "labels");
        labels.put("openlva-smoke", run);
        metadata.put("labels", labels);
        Map<String, Object> annotations = Maps.map(metadata, "annotations");
        // podman 4.3 holds annotation values to the 63 characters of label values and refuses the pod: the rollout
        // checksums (checksum/*) go; nothing here rolls out.
        annotations.values().removeIf(v -> String.valueOf(v).length() > 63);
        Object hook = Maps.path(owner, "metadata", "annotations", RenderedChart.HOOK);
        if (hook != null) {
            annotations.put(RenderedChart.HOOK, hook);
        }
        metadata.put("annotations", annotations);
        Map<String, Object> spec = Maps.cast(Maps.copy(Maps.map(template, "spec")));
        resolveFieldRefs(spec, name);
        projectSecretVolumes(spec, name);
        pods.put(name, Maps.of("apiVersion", "v1", "kind", "Pod", "metadata", metadata, "spec", spec));
    }

    /** The downward API values podman 4.3 does not fill in, as the kubelet would: literal values. */
    private void resolveFieldRefs(Map<String, Object> spec, String podName) {
        List<Object> containers = new ArrayList<>(Maps.list(spec.get("containers")));
        containers.addAll(Maps.list(spec.get("initContainers")));
        for (Object c : containers) {
            for (Object e : Maps.list(Maps.cast(c).get("env"))) {
                Map<String, Object> env = Maps.cast(e);
                Object field = Maps.path(env, "valueFrom", "fieldRef", "fieldPath");
                String value = "metadata.namespace".equals(field) ? namespace : "metadata.name".equals(field) ? podName : null;
                if (value != null) {
                    env.remove("valueFrom");
                    env.put("value", value);
                }
            }
        }
    }

    /** Each secret volume as a directory of the Secret's files (its items, or every key), mounted by hostPath. */
    private void projectSecretVolumes(Map<String, Object> spec, String podName) {
        for (Object v : Maps.list(spec.get("volumes"))) {
            Map<String, Object> volume = Maps.cast(v);
            if (volume.get("secret") == null) {
                continue;
            }
            String secretName = (String) Maps.path(volume, "secret", "secretName");
            Map<String, Object> secret = chart.ofKind("Secret").stream()
                    .filter(s -> secretName.equals(Maps.path(s, "metadata", "name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("pod " + podName + " mounts Secret " + secretName + ", not in the chart"));
            Map<String, Object> data = Maps.map(secret, "data");
            Map<String, String> files = new LinkedHashMap<>();
            List<Object> items = Maps.list(Maps.path(volume, "secret", "items"));
            if (items.isEmpty()) {
                data.keySet().forEach(k -> files.put(k, k));
            } else {
                items.forEach(i -> files.put((String) Maps.cast(i).get("key"), (String) Maps.cast(i).get("path")));
            }
            Path dir = work.resolve("secret-volumes").resolve(podName).resolve((String) volume.get("name"));
            try {
                Files.createDirectories(dir);
                for (Map.Entry<String, String> f : files.entrySet()) {
                    Object value = data.get(f.getKey());
                    if (value == null) {
                        throw new AssertionError("Secret " + secretName + " has no key " + f.getKey() + " for pod " + podName);
                    }
                    Files.write(dir.resolve(f.getValue()), java.util.Base64.getDecoder().decode((String) value));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            volume.remove("secret");
            volume.put("hostPath", Maps.of("path", dir.toString(), "type", "Directory"));
        }
    }

    private void bridgeServices(Map<String, Integer> nodePorts) {
        List<Object> aliases = new ArrayList<>();
        for (Map<String, Object> svc : chart.ofKind("Service")) {
            String name = (String) Maps.path(svc, "metadata", "name");
            Map<String, Object> selector = Maps.map(svc, "spec", "selector");
            List<String> selected = pods.entrySet().stream().filter(e -> !isHook(e.getValue()))
                    .filter(e -> Maps.map(e.getValue(), "metadata", "labels").entrySet().containsAll(selector.entrySet()))
                    .map(Map.Entry::getKey).toList();
            if (selected.isEmpty()) {
                continue;
            }
            if (selected.size() > 1) {
                throw new AssertionError("Service " + name + " selects " + selected + ": the harness maps a Service to one pod");
            }
            String pod = selected.get(0);
            List<Object> hostnames = new ArrayList<>(names(name));
            if (svc.get("spec") != null && "None".equals(Maps.path(svc, "spec", "clusterIP"))) {
                for (String n : names(name)) {
                    hostnames.add(pod + "." + n);
                }
            }
            aliases.add(Maps.of("ip", ips.get(pod), "hostnames", hostnames));
            for (Object p : Maps.list(Maps.path(svc, "spec", "ports"))) {
                Map<String, Object> port = Maps.cast(p);
                int containerPort = containerPort(pods.get(pod), port.get("targetPort"));
                if (((Number) port.get("port")).intValue() != containerPort && !"NodePort".equals(Maps.path(svc, "spec", "type"))) {
                    throw new AssertionError("Service " + name + " maps port " + port.get("port") + " to " + containerPort
                            + ": the harness bridges Services by name only, ports must be equal");
                }
                if ("NodePort".equals(Maps.path(svc, "spec", "type"))) {
                    int nodePort = ((Number) port.get("nodePort")).intValue();
                    if (!nodePorts.containsValue(nodePort)) {
                        throw new AssertionError("NodePort " + nodePort + " of " + name + " was not asked for: " + nodePorts);
                    }
                    publish(pods.get(pod), containerPort, nodePort);
                }
            }
        }
        for (Map<String, Object> pod : pods.values()) {
            Maps.map(pod, "spec").put("hostAliases", Maps.copy(aliases));
        }
    }

    private List<String> names(String service) {
        return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
                service + "." + namespace + ".svc.cluster.local");
    }

    /** A NodePort as a node serves it: on this host (127.0.0.1 only). */
    private static void publish(Map<String, Object> pod, int containerPort, int nodePort) {
        for (Object c : Maps.list(Maps.path(pod, "spec", "containers"))) {
            for (Object p : Maps.list(Maps.cast(c).get("ports"))) {
                Map<String, Object> port = Maps.cast(p);
                if (((Number) port.get("containerPort")).intValue() == containerPort) {
                    port.put("hostPort", nodePort);
                    port.put("hostIP", "127.0.0.1");
                    return;
                }
            }
        }
        throw new AssertionError("no container port " + containerPort + " to publish");
    }

    private static int containerPort(Map<String, Object> pod, Object targetPort) {
        if (targetPort instanceof Number n) {
            return n.intValue();
        }
        for (Object c : Maps.list(Maps.path(pod, "spec", "containers"))) {
            for (Object p : Maps.list(Maps.cast(c).get("ports"))) {
                Map<String, Object> port = Maps.cast(p);
                if (Objects.equals(targetPort, port.get("name"))) {
                    return ((Number) port.get("containerPort")).intValue();
                }
            }
        }
        throw new AssertionError("no container port named " + targetPort + " in pod " + Maps.path(pod, "metadata", "name"));
    }

    private void createSecret(Map<String, Object> secret) {
        String name = (String) Maps.path(secret, "metadata", "name");
        Map<String, Object> data = new LinkedHashMap<>(Maps.map(secret, "data"));
        Maps.map(secret, "stringData").forEach((k, v) -> data.put(k,
                java.util.Base64.getEncoder().encodeToString(String.valueOf(v).getBytes(StandardCharsets.UTF_8))));
        Path file = work.resolve("secret-" + name + ".json");
        try {
            Files.writeString(file, io.openlva.graph.contract.Json.writeString(data));
            Command.podman("secret", "create", name, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            file.toFile().delete();
        }
    }

    private void volume(String name) {
        if (!Command.podmanQuietly("volume", "exists", name).ok()) {
            Command.podman("volume", "create", "--label", label(), name);
        }
    }

    private PlayedPod play(String name) {
        Map<String, Object> pod = pods.get(name);
        List<Object> docs = new ArrayList<>(chart.ofKind("ConfigMap"));
        docs.add(pod);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = work.resolve("pod-" + name + ".yaml");
        try {
            Files.writeString(file, new Yaml(options).dumpAll(docs.iterator()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command.require(Duration.ofMinutes(3), List.of("podman", "kube", "play", "--network", network, "--ip", ips.get(name),
                "--log-driver", "k8s-file", file.toString()));
        PlayedPod p = new PlayedPod(name, ips.get(name), pod);
        played.put(name, p);
        return p;
    }

    private static boolean isHook(Map<String, Object> pod) {
        return Maps.path(pod, "metadata", "annotations", RenderedChart.HOOK) != null;
    }

    // ---- probes -----------------------------------------------------------------------------------------------

    private static Duration startupBudget(Map<String, Object> container, Duration atMost) {
        Map<String, Object> startup = Maps.map(container, "startupProbe");
        if (startup.isEmpty()) {
            return atMost;
        }
        long seconds = number(startup, "initialDelaySeconds", 0) + number(startup, "periodSeconds", 10) * number(startup, "failureThreshold", 3);
        return Duration.ofSeconds(Math.min(seconds, atMost.toSeconds()));
    }

    private static long number(Map<String, Object> m, String key, long otherwise) {
        return m.get(key) instanceof Number n ? n.longValue() : otherwise;
    }

    private boolean probe(PlayedPod pod, Map<String, Object> container, Map<String, Object> readiness) {
        int timeoutMs = (int) number(readiness, "timeoutSeconds", 1) * 1000;
        Map<String, Object> http = Maps.map(readiness, "httpGet");
        Map<String, Object> tcp = Maps.map(readiness, "tcpSocket");
        if (!http.isEmpty()) {
            int port = containerPort(pod.pod(), http.get("port"));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + pod.ip() + ":" + port + http.getOrDefault("path", "/"))
                        .toURL().openConnection();
                c.setConnectTimeout(timeoutMs);
                c.setReadTimeout(timeoutMs);
                int status = c.getResponseCode();
                c.disconnect();
                return status >= 200 && status < 400;
            } catch (IOException notYet) {
                return false;
            }
        }
        if (!tcp.isEmpty()) {
            int port = containerPort(pod.pod(), tcp.get("port"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(pod.ip(), port), timeoutMs);
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }
        throw new AssertionError("readinessProbe of " + container.get("name") + " is neither httpGet nor tcpSocket: " + readiness);
    }

    private static void assertRunning(PlayedPod pod, String containerName) {
        String container = pod.container(containerName);
        String state = Command.podman("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container).trim();
        if (!state.startsWith("running")) {
            throw new AssertionError(container + " is " + state + ":\n" + Command.tail(logs(container), 40));
        }
    }
}
