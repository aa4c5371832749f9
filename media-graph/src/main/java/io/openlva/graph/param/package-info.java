/** {@code ${name}} references in documents: parameters ({@link io.openlva.graph.param.Placeholders}) and system variables; sealed parameter values in storage ({@link io.openlva.graph.param.ParameterCipher}). */
package io.openlva.graph.param;
