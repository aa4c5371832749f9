package io.openlva.inference.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlva.inference.frames.InferenceMetrics;
import io.openlva.inference.frames.NodeDirectory;
import io.openlva.inference.grpc.GrpcExtensionRunner;
import io.openlva.inference.http.HttpExtensionRunner;
import io.openlva.inference.onnx.CpuLimit;
import io.openlva.inference.onnx.ModelCache;
import io.openlva.inference.status.InstanceReports;
import io.openlva.runtime.StatusReporter;

/** Wires the plain classes of the service from its configuration. */
public class ServiceBeans {

    private static final Logger LOG = Logger.getLogger(ServiceBeans.class);

    @Produces
    @Singleton
    InferenceMetrics metrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    @Produces
    @Singleton
    ModelCache models(InferenceConfig config) {
        List<String> labels = config.defaultLabelsPath().map(p -> {
            try {
                return Files.readAllLines(Path.of(p)).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read openlva.inference.default-labels-path " + p, e);
            }
        }).orElse(List.of());
        CpuLimit cpu = CpuLimit.ofThisProcess();
        int intraOp = cpu.intraOpThreads(config.intraOpThreads(), Runtime.getRuntime().availableProcessors());
        LOG.infof("ONNX Runtime intra-op threads per session: %d (%s)", intraOp, config.intraOpThreads() > 0 ? "configured"
                : cpu.cpus().isPresent() ? "CPU limit " + cpu.cpus().getAsDouble() + " of the container" : "no CPU limit: one per processor");
        return new ModelCache(config.defaultModelPath(), config.defaultModelFamily(), labels, intraOp, config.interOpThreads());
    }

    void closeModels(@Disposes ModelCache models) {
        models.close();
    }

    @Produces
    @Singleton
    NodeDirectory nodes(ModelCache models, InferenceConfig config, InferenceMetrics metrics, StatusReporter status) {
        InferenceConfig.Http h = config.http();
        NodeDirectory nodes = new NodeDirectory(models, new HttpExtensionRunner.Settings(h.connectTimeout(), h.requestTimeout(),
                h.initialBackoff(), h.maxBackoff(), h.maxResponseBytes()), grpcSettings(config), metrics::modelNanos);
        nodes.reportTo(new InstanceReports(status));
        return nodes;
    }

    static GrpcExtensionRunner.Settings grpcSettings(InferenceConfig config) {
        InferenceConfig.Grpc g = config.grpc();
        return new GrpcExtensionRunner.Settings(g.requestTimeout(), g.initialBackoff(), g.maxBackoff(), g.maxInFlight(),
                g.maxMessageBytes(), Path.of(g.sharedMemoryDir()));
    }

    void closeNodes(@Disposes NodeDirectory nodes) {
        nodes.close();
    }
}
