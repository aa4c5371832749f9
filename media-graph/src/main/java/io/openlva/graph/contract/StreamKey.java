package io.openlva.graph.contract;

import java.util.Objects;

/** Key of the media topics: {@code instance/node}. Names are LVA names, which cannot contain '/'. */
public record StreamKey(String instance, String node) {

    public StreamKey {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(node, "node");
        if (instance.indexOf('/') >= 0 || node.indexOf('/') >= 0) {
            throw new IllegalArgumentException("names in a stream key cannot contain '/': " + instance + ", " + node);
        }
    }

    public static StreamKey parse(String key) {
        int slash = key == null ? -1 : key.indexOf('/');
        if (slash <= 0 || slash == key.length() - 1 || key.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("not an instance/node key: " + key);
        }
        return new StreamKey(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    public String toString() {
        return instance + "/" + node;
    }
}
