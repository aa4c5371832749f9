/** TLS trust of LVA endpoints (RTSPS cameras, HTTPS extensions) from a topology's endpoint settings. */
package io.openlva.graph.tls;
