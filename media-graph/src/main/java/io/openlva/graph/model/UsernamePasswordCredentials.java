package io.openlva.graph.model;

public record UsernamePasswordCredentials(String username, String password) implements Credentials {

    @Override
    public String toString() {
        return "UsernamePasswordCredentials[username=" + username + ", password=" + Secrets.mask(password) + "]";
    }
}
