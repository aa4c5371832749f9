package io.openlva.graph.model;

public record HttpHeaderCredentials(String headerName, String headerValue) implements Credentials {

    @Override
    public String toString() {
        return "HttpHeaderCredentials[headerName=" + headerName + ", headerValue=" + Secrets.mask(headerValue) + "]";
    }
}
