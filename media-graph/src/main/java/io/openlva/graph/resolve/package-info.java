/** Applying an instance to its topology: parameter values, defaults and system variables into a {@link io.openlva.graph.resolve.ResolvedGraph}. */
package io.openlva.graph.resolve;
