package io.openlva.recorder.stream;

import java.nio.file.Path;
import java.util.List;

/**
 * A finished clip, for logs, tests and the benchmark: what the gate asked for and what was written.
 *
 * @param askedStartUs first event + activationSignalOffset
 * @param askedEndUs end decided by the gate (exclusive)
 * @param writtenStartUs media time of the first packet written (a keyframe at or before the asked start), or -1
 * @param writtenEndUs media time of the last packet written, or -1
 */
public record ClipSummary(String instance, String gateNode, long clipId, long firstEventUs, long askedStartUs,
        long askedEndUs, long writtenStartUs, long writtenEndUs, boolean prerollComplete, List<Path> files) {
}
