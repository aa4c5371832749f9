/**
 * LVA's JSON shape: reading topologies and instances with every problem reported ({@link io.openlva.graph.codec.GraphJson},
 * {@link io.openlva.graph.codec.NodeParser}, {@link io.openlva.graph.codec.PropertyReader}: property checks while
 * reading) and writing them back with secrets masked.
 */
package io.openlva.graph.codec;
