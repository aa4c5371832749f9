package io.openlva.graph.model;

/** Credentials of an endpoint. Implementations mask their secret in {@code toString()}. */
public sealed interface Credentials permits UsernamePasswordCredentials, HttpHeaderCredentials {
}
