package io.openlva.inference.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every inference-service setting (application.properties documents each; env OPENLVA_INFERENCE_...). */
@ConfigMapping(prefix = "openlva.inference")
public interface InferenceConfig {

    /** The built-in model used by /score, /image and OnnxExtension nodes without a modelPath. */
    String defaultModelPath();

    /** Labels file for the default model (one per line); absent: the model's own names, else COCO. */
    Optional<String> defaultLabelsPath();

    @WithDefault("auto")
    String defaultModelFamily();

    /** Confidence threshold of /score and /image. */
    @WithDefault("0.5")
    double scoreConfidenceThreshold();

    @WithDefault("0.45")
    double scoreNmsThreshold();

    /** ONNX Runtime intra-op threads per session (0 = the container's CPU limit, else one per processor). */
    @WithDefault("0")
    int intraOpThreads();

    /** ONNX Runtime inter-op threads per session (0 = default). */
    @WithDefault("1")
    int interOpThreads();

    /** Load the default model at start-up so the first request does not pay for it. */
    @WithDefault("true")
    boolean preloadDefaultModel();

    /** Frames older than this (capture time to now) are dropped and counted instead of processed. */
    @WithDefault("2s")
    Duration latencyBudget();

    /**
     * Least time between two {@code Diagnostics.DataDropped} events of a node (per replica): the first dropped frame
     * is reported at once, later ones are summed into the next event.
     */
    @WithDefault("10s")
    Duration dataDroppedInterval();

    /** Largest image accepted by /score and /image (bytes). */
    @WithDefault("16777216")
    int maxImageBytes();

    /**
     * Most pixels of an image accepted by /score and /image (413 above; 8K UHD by default), read from the image's
     * header before any pixel is decoded.
     */
    @WithDefault("33177600")
    long maxImagePixels();

    /**
     * /score and /image requests served at once; more are answered 503 with Retry-After, so the endpoints never
     * take more than this share of the model from the frame loop.
     */
    @WithDefault("2")
    int scoreMaxConcurrent();

    /** A bearer token /score and /image require ({@code Authorization: Bearer ...}) when set. */
    java.util.Optional<String> apiToken();

    Consumer consumer();

    Http http();

    Grpc grpc();

    interface Consumer {
        /** Consume frames at all (off: only /score and /image). */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group shared by all inference replicas: they split the frame partitions. */
        @WithDefault("openlva-inference")
        String groupId();

        /** Frames fetched per poll; small, so a replica never holds many frames others could take. */
        @WithDefault("4")
        int maxPollRecords();

        /** How fast a dead replica's partitions move to the survivors. */
        @WithDefault("10s")
        Duration sessionTimeout();
    }

    interface Http {
        @WithDefault("3s")
        Duration connectTimeout();

        /** Longest HttpExtension exchange, the answer's body included (then the node backs off). */
        @WithDefault("5s")
        Duration requestTimeout();

        /** Largest HttpExtension answer accepted, bytes (larger ones are dropped as extension errors). */
        @WithDefault("4194304")
        int maxResponseBytes();

        /** Backoff after a 503 without Retry-After (doubles up to max-backoff). */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();
    }

    interface Grpc {
        /** Longest wait for an extension server's descriptor or a sample's answer. */
        @WithDefault("5s")
        Duration requestTimeout();

        /** First wait before reopening a broken session (doubles up to max-backoff). */
        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("30s")
        Duration maxBackoff();

        /** Samples sent and not yet acknowledged per session. */
        @WithDefault("2")
        int maxInFlight();

        /** Largest gRPC message accepted, both ways (a 1080p raw RGB frame embedded is 6.2 MB). */
        @WithDefault("33554432")
        int maxMessageBytes();

        /** Where shared memory files are created and mapped (a memory file system shared with the server). */
        @WithDefault("/dev/shm")
        String sharedMemoryDir();

        Server server();

        interface Server {
            /** Serve the built-in model over LVA's gRPC extension protocol. */
            @WithDefault("true")
            boolean enabled();

            @WithDefault("0.0.0.0")
            String host();

            @WithDefault("5001")
            int port();

            /** PEM certificate chain: the server speaks TLS when set (clients use a TLS endpoint). */
            java.util.Optional<String> tlsCertificate();

            /** PKCS#8 PEM private key of {@link #tlsCertificate()}. */
            java.util.Optional<String> tlsKey();
        }
    }
}
