package io.openlva.graph.model;

/** A node that takes media or events out of the graph; nothing can read from it. */
public sealed interface Sink extends Node permits FileSink, AssetSink, IotHubMessageSink {
}
