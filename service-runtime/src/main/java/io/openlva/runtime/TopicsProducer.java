package io.openlva.runtime;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.openlva.graph.contract.Topics;

/** The one {@link Topics} bean: the names of this installation's topics, from {@code openlva.topic-prefix}. */
@Singleton
public class TopicsProducer {

    @Produces
    @Singleton
    Topics topics(RuntimeConfig config) {
        return new Topics(config.topicPrefix());
    }
}
