package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The unknown-field check finds misspelt keys at any depth (it guards every rendered document). */
class UnknownFieldsTest {

    @Test
    void reportsMisspeltKeysWithTheirPath() {
        Rendered r = Chart.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: x
                  labelz: {a: b}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: c
                          image: i:1
                          readinesProbe:
                            httpGet: {path: /q/health/ready, port: http}
                          resources:
                            limits: {cpu: "1"}
                            requets: {cpu: "1"}
                """);
        assertThat(UnknownFields.of(r.docs().get(0).resource())).containsExactlyInAnyOrder(
                "metadata.labelz",
                "spec.template.spec.containers[0].readinesProbe",
                "spec.template.spec.containers[0].resources.requets");
    }

    @Test
    void aValidDocumentHasNone() {
        Rendered r = Chart.parse("""
                apiVersion: v1
                kind: Service
                metadata: {name: s}
                spec:
                  ports: [{name: http, port: 80, targetPort: http}]
                  selector: {a: b}
                """);
        assertThat(UnknownFields.of(r.docs().get(0).resource())).isEmpty();
    }
}
