/**
 * LVA's validation: graph rules
 * ({@link io.openlva.graph.validate.TopologyRule}: names, parameters, inputs and cycles, placement), each problem an
 * {@link io.openlva.graph.validate.ErrorDetail} whose target is the path of the offending property.
 */
package io.openlva.graph.validate;
