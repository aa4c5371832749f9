package io.openlva.runtime;

import org.eclipse.microprofile.config.spi.Converter;

import io.openlva.graph.model.OwningService;

/** {@code ingest-service} -> {@link OwningService#INGEST}: services are configured by their deployment name. */
public final class OwningServiceConverter implements Converter<OwningService> {

    @Override
    public OwningService convert(String value) {
        return OwningService.fromServiceName(value.trim());
    }
}
