package io.openlva.hub.iothub;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.openlva.graph.contract.Topics;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The publishing channel's topics, from media-graph's {@link Topics} (the one place topic names live) with the
 * deployment's {@code openlva.topic-prefix}: the events it reads and the dead-letter topic it writes.
 */
public class EventChannelTopics implements ConfigSourceFactory {

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue prefix = context.getValue("openlva.topic-prefix");
        Topics topics = new Topics(prefix == null || prefix.getValue() == null ? Topics.DEFAULT_PREFIX : prefix.getValue());
        String channel = "mp.messaging.incoming." + EventPublisher.CHANNEL + ".";
        return List.of(new PropertiesConfigSource(Map.of(
                channel + "topic", topics.events(),
                channel + "dead-letter-queue.topic", topics.deadLetter()), "openlva-topics", 150));
    }
}
