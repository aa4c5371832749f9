/**
 * The LVA/AVA topology and instance model: node kinds as records under the sealed {@link io.openlva.graph.model.Node}
 * ({@code Source}, {@code Processor}, {@code Sink}), one type-name table ({@link io.openlva.graph.model.NodeKind},
 * {@link io.openlva.graph.model.Flavor}), reading and writing in LVA's JSON shape ({@link io.openlva.graph.model.GraphJson})
 * with secrets masked ({@link io.openlva.graph.model.Secrets}).
 */
package io.openlva.graph.model;
