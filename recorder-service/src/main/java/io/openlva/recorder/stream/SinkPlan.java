package io.openlva.recorder.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What one FileSink or AssetSink node writes, already resolved: the directory its files go to, the name
 * pattern (system date-time variables still to expand at run time), the disk budget and segment length.
 *
 * @param maxBytes disk budget of {@code directory}, or null for none
 * @param segmentLength cut a recording into files of about this length (at keyframes), or null for one file
 */
public record SinkPlan(String instance, String node, Kind kind, Path directory, String namePattern, Long maxBytes,
        Duration segmentLength) {

    public enum Kind {
        FILE("filePath"), ASSET("assetName");

        private final String outputType;

        Kind(String outputType) {
            this.outputType = outputType;
        }

        /** LVA's {@code outputType} in operational events. */
        public String outputType() {
            return outputType;
        }
    }

    public SinkPlan {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(namePattern, "namePattern");
        if (segmentLength != null && (segmentLength.isZero() || segmentLength.isNegative())) {
            segmentLength = null;
        }
    }
}
