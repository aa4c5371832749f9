package io.openlva.smoke;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Walking and copying the YAML trees of rendered manifests (snakeyaml maps and lists). */
final class Maps {

    private Maps() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? new ArrayList<>() : (List<Object>) o;
    }

    /** The value at a path of map keys, or null. */
    static Object path(Map<String, Object> root, String... keys) {
        Object at = root;
        for (String k : keys) {
            if (!(at instanceof Map<?, ?> m)) {
                return null;
            }
            at = m.get(k);
        }
        return at;
    }

    static Map<String, Object> map(Map<String, Object> root, String... keys) {
        Object at = path(root, keys);
        return at == null ? new LinkedHashMap<>() : cast(at);
    }

    /** A deep copy (maps keep their order), so a conversion never changes the rendered document. */
    static Object copy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put((String) k, copy(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return o;
    }

    static Map<String, Object> of(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
