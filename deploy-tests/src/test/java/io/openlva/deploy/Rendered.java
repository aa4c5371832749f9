package io.openlva.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/** A rendered chart: the documents, typed, with look-ups the tests share. */
record Rendered(String manifest, List<Chart.Doc> docs) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return docs.stream().map(Chart.Doc::resource).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                + " in " + docs.stream().map(d -> d.kind() + "/" + d.name()).toList()));
    }

    /** Custom resources (KEDA, Prometheus Operator) that have no fabric8 model class. */
    List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    Deployment service(String app) {
        return get(Deployment.class, Chart.FULLNAME + "-" + app);
    }

    Service serviceObject(String app) {
        return get(Service.class, Chart.FULLNAME + "-" + app);
    }

    static Container mainContainer(Deployment deployment, String app) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + app + " in " + deployment.getMetadata().getName()));
    }

    Container container(String app) {
        return mainContainer(service(app), app);
    }

    static Set<String> envNames(Container container) {
        return container.getEnv().stream().map(EnvVar::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> {
            throw new AssertionError("env " + a.getName() + " set twice in " + container.getName());
        }));
    }

    /** Every pod template of the release, named kind/name. */
    Map<String, PodSpec> podSpecs() {
        Map<String, PodSpec> specs = new java.util.LinkedHashMap<>();
        for (Chart.Doc doc : docs) {
            HasMetadata r = doc.resource();
            String key = doc.kind() + "/" + doc.name();
            if (r instanceof Deployment d) {
                specs.put(key, d.getSpec().getTemplate().getSpec());
            } else if (r instanceof StatefulSet s) {
                specs.put(key, s.getSpec().getTemplate().getSpec());
            } else if (r instanceof Job j) {
                specs.put(key, j.getSpec().getTemplate().getSpec());
            } else if (r instanceof Pod p) {
                specs.put(key, p.getSpec());
            }
        }
        return specs;
    }

    static List<Container> allContainers(PodSpec spec) {
        List<Container> all = new ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        return all;
    }
}
