package io.openlva.ingest.ownership;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;

/**
 * Which ownership partition an instance belongs to: Kafka's own key partitioner (murmur2 of the UTF-8
 * name), so with a multi-partition instances topic it is exactly the partition the instance's records are in.
 */
public final class OwnershipHash {

    private OwnershipHash() {
    }

    public static int partition(String instanceName, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1");
        }
        return Utils.toPositive(Utils.murmur2(instanceName.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
