/** {@code ${name}} references in documents: parameters ({@link io.openlva.graph.param.Placeholders}) and system variables. */
package io.openlva.graph.param;
