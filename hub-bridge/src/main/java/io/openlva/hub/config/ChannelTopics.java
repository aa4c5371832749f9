package io.openlva.hub.config;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.openlva.graph.contract.Topics;
import io.openlva.hub.iothub.EventPublisher;
import io.openlva.hub.store.StatusReports;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The Reactive Messaging channels' topics, from media-graph's {@link Topics} (the one place topic names live) with the
 * deployment's {@code openlva.topic-prefix}: the events the IoT Hub publisher reads and the dead-letter topic it
 * writes, the status reports the graph operations wait for.
 */
public class ChannelTopics implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue prefix = context.getValue("openlva.topic-prefix");
        Topics topics = new Topics(prefix == null || prefix.getValue() == null ? Topics.DEFAULT_PREFIX : prefix.getValue());
        String events = "mp.messaging.incoming." + EventPublisher.CHANNEL + ".";
        String status = "mp.messaging.incoming." + StatusReports.CHANNEL + ".";
        return List.of(new PropertiesConfigSource(Map.of(
                events + "topic", topics.events(),
                events + "dead-letter-queue.topic", topics.deadLetter(),
                status + "topic", topics.status()), "openlva-topics", 150));
    }
}
