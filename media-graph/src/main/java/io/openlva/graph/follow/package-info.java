/** Following the compacted graph topics: every replica sees all topologies and instances and the active graphs. */
package io.openlva.graph.follow;
