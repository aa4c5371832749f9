package io.openlva.graph.validate;

import java.util.ArrayList;
import java.util.List;

import io.openlva.graph.model.Flavor;
import io.openlva.graph.model.Node;
import io.openlva.graph.model.NodeInput;
import io.openlva.graph.model.NodeKind;
import io.openlva.graph.model.Topology;

/** What each kind of node may be fed, as LVA enforced it. */
final class PlacementRules implements TopologyRule {

    @Override
    public List<ErrorDetail> check(Topology t) {
        List<ErrorDetail> out = new ArrayList<>();
        NodePaths paths = new NodePaths(t);
        for (Node n : paths.nodes()) {
            List<NodeInput> inputs = n.inputs();
            if (inputs.isEmpty()) {
                continue;
            }
            boolean media = false;
            boolean events = false;
            for (int i = 0; i < inputs.size(); i++) {
                Node up = paths.byName(inputs.get(i).nodeName());
                if (up == null) {
                    continue; // reported by InputRules
                }
                media |= up.kind().producesMedia();
                events |= up.kind().producesEvents();
                String target = paths.input(n, i) + ".nodeName";
                switch (n.kind()) {
                    case FILE_SINK, ASSET_SINK -> {
                        boolean recordsMedia = up.kind() == NodeKind.RTSP_SOURCE || up.kind() == NodeKind.SIGNAL_GATE;
                        // AVA's VideoSink also takes inferences, recorded beside the media (cvr-with-...-objectTracking)
                        boolean metadata = t.flavor() == Flavor.VIDEO_ANALYZER && n.kind() == NodeKind.ASSET_SINK
                                && up.kind().producesEvents();
                        if (!recordsMedia && !metadata) {
                            out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target, "The recording sink '" + n.name()
                                    + "' must be fed media by an RTSP source or a signal gate, not by '" + up.name() + "'."));
                        }
                    }
                    case IOT_HUB_MESSAGE_SINK -> {
                        if (!up.kind().producesEvents()) {
                            out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target, "The IoT Hub message sink '" + n.name()
                                    + "' must be fed events, and '" + up.name() + "' produces none."));
                        }
                    }
                    default -> {
                    }
                }
            }
            String target = paths.path(n) + ".inputs";
            switch (n.kind()) {
                case SIGNAL_GATE -> {
                    if (!media) {
                        out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target,
                                "The signal gate '" + n.name() + "' needs a media input (an RTSP source)."));
                    }
                    if (!events) {
                        out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target,
                                "The signal gate '" + n.name() + "' needs an event input (motion, extension or hub message source)."));
                    }
                }
                case MOTION_DETECTION, FRAME_RATE_FILTER, HTTP_EXTENSION, GRPC_EXTENSION, ONNX_EXTENSION, COGNITIVE_SERVICES_VISION -> {
                    if (!media) {
                        out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target,
                                "The node '" + n.name() + "' analyses video and needs a media input."));
                    }
                }
                case FILE_SINK, ASSET_SINK -> {
                    boolean recordsMedia = inputs.stream().map(in -> paths.byName(in.nodeName()))
                            .anyMatch(up -> up != null
                                    && (up.kind() == NodeKind.RTSP_SOURCE || up.kind() == NodeKind.SIGNAL_GATE));
                    if (!recordsMedia) {
                        out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target, "The recording sink '"
                                + n.name() + "' needs a media input (an RTSP source or a signal gate)."));
                    }
                }
                case OBJECT_TRACKER, LINE_CROSSING -> {
                    if (!events) {
                        out.add(new ErrorDetail(ErrorCodes.GRAPH_VALIDATION_ERROR, target,
                                "The node '" + n.name() + "' needs an input producing inferences."));
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }
}
