package io.openlva.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The part of a Kubernetes API server Helm's {@code lookup} talks to: discovery of core/v1 and GET of Secrets.
 * helm-java renders templates with lookup enabled (dry-run "none"), so without it Helm would call the cluster of
 * whoever runs the build (~/.kube/config) or fail on localhost:8080. Surefire points KUBECONFIG at the file this
 * writes; a test can put a Secret here to see what an upgrade of an existing release renders.
 */
final class KubernetesApiStandIn {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static KubernetesApiStandIn instance;

    private final HttpServer server;
    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

    private KubernetesApiStandIn(Path kubeconfig) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kubernetes-api-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: stand-in
                    cluster:
                      server: http://127.0.0.1:%d
                contexts:
                  - name: stand-in
                    context:
                      cluster: stand-in
                      user: stand-in
                current-context: stand-in
                users:
                  - name: stand-in
                    user: {}
                """.formatted(server.getAddress().getPort()));
    }

    /** Started once per test JVM; the server threads are daemons and end with it. */
    static synchronized KubernetesApiStandIn get() {
        if (instance == null) {
            String kubeconfig = System.getenv("KUBECONFIG");
            if (kubeconfig == null || !kubeconfig.endsWith("stand-in-kubeconfig.yaml")) {
                throw new IllegalStateException("KUBECONFIG must point at target/stand-in-kubeconfig.yaml (surefire sets it): "
                        + "Helm's lookup would otherwise query a real cluster");
            }
            try {
                instance = new KubernetesApiStandIn(Path.of(kubeconfig));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    void putSecret(Secret secret) {
        secrets.put(secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName(), secret);
    }

    void removeSecret(String namespace, String name) {
        secrets.remove(namespace + "/" + name);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange);
        } catch (RuntimeException | IOException | Error e) {
            e.printStackTrace();
            throw e;
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, status(405, "MethodNotAllowed", "read-only stand-in"));
            } else if (path.equals("/api/v1")) {
                send(exchange, 200, """
                        {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
                         {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}""");
            } else if (parts.length == 7 && path.startsWith("/api/v1/namespaces/") && parts[5].equals("secrets")) {
                Secret secret = secrets.get(parts[4] + "/" + parts[6]);
                if (secret == null) {
                    send(exchange, 404, status(404, "NotFound", "secrets \\\"" + parts[6] + "\\\" not found"));
                } else {
                    send(exchange, 200, JSON.asJson(secret));
                }
            } else {
                send(exchange, 404, status(404, "NotFound", "the stand-in serves only core/v1 Secrets"));
            }
        }
    }

    private static String status(int code, String reason, String message) {
        return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"" + message
                + "\",\"reason\":\"" + reason + "\",\"code\":" + code + "}";
    }

    private static void send(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
