/**
 * The LVA/AVA topology and instance model: node kinds as records under the sealed {@link io.openlva.graph.model.Node}
 * ({@code Source}, {@code Processor}, {@code Sink}), one type-name table ({@link io.openlva.graph.model.NodeKind},
 * {@link io.openlva.graph.model.Flavor}), the API versions ({@link io.openlva.graph.model.ApiVersions}) and secret
 * masking ({@link io.openlva.graph.model.Secrets}). Records only: the JSON codec is {@code codec}, the rules
 * {@code validate}; nothing here imports them.
 */
package io.openlva.graph.model;
