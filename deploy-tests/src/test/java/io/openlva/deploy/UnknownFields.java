package io.openlva.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Finds fields the Kubernetes model does not know: fabric8 keeps them in {@code additionalProperties}, so a
 * misspelt key (say {@code readinesProbe}) parses without error. Walks the typed object graph recursively.
 */
final class UnknownFields {

    private UnknownFields() {
    }

    /** Paths such as {@code spec.template.spec.containers[0].readinesProbe}; empty when everything is known. */
    static List<String> of(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found);
        return found;
    }

    private static void walk(Object node, String path, List<String> found) {
        if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        if (node instanceof GenericKubernetesResource generic) {
            // No schema for custom resources: only their metadata is typed.
            walk(generic.getMetadata(), path + "metadata", found);
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            String here = path.isEmpty() ? field : path + "." + field;
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> found.add((path.isEmpty() ? "" : path + ".") + k));
                }
                continue;
            }
            if (value instanceof Collection<?> list) {
                int i = 0;
                for (Object item : list) {
                    walk(item, here + "[" + i++ + "]", found);
                }
            } else if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    walk(e.getValue(), here + "[" + e.getKey() + "]", found);
                }
            } else {
                walk(value, here, found);
            }
        }
    }
}
