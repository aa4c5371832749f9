package io.openlva.ingest.rtsp;

import io.openlva.graph.contract.MediaPacket;

/** Where a camera's packets go (Kafka in the service). */
@FunctionalInterface
public interface PacketSink {
    void publish(MediaPacket packet);
}
