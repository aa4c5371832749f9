package io.openlva.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

/** Event consumers outside the cluster reach the bundled broker through a NodePort or a LoadBalancer (K3s ServiceLB). */
class ExternalKafkaListenerTest {

    private static final String F = Chart.FULLNAME;

    @Test
    void nodePortListenerAdvertisesTheGivenHostAndNodePort() {
        Rendered r = Chart.render("external-listener");
        Service external = r.get(Service.class, F + "-kafka-external");
        assertThat(external.getSpec().getType()).isEqualTo("NodePort");
        assertThat(external.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(9094);
            assertThat(p.getNodePort()).isEqualTo(30094);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("external");
        });
        assertThat(external.getSpec().getSelector()).isEqualTo(r.get(Service.class, F + "-kafka").getSpec().getSelector());
        Container broker = broker(r);
        assertThat(broker.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("external");
            assertThat(p.getContainerPort()).isEqualTo(9094);
        });
        Map<String, EnvVar> env = Rendered.env(broker);
        assertThat(env.get("KAFKA_CFG_LISTENERS").getValue()).isEqualTo("SASL://:9092,CONTROLLER://:9093,EXTERNAL://:9094");
        assertThat(env.get("KAFKA_CFG_ADVERTISED_LISTENERS").getValue())
                .isEqualTo("SASL://" + F + "-kafka.video.svc.cluster.local:9092,EXTERNAL://edge1.example.lan:30094");
        assertThat(env.get("KAFKA_CFG_LISTENER_SECURITY_PROTOCOL_MAP").getValue()).contains("EXTERNAL:SASL_SSL");
        assertThat(env.get("KAFKA_SASL_LISTENERS").getValue()).as("the external listener takes logins too").contains("EXTERNAL");
        // With network policies on, the external port is open to anyone; the internal one stays to the release.
        NetworkPolicy internal = r.get(NetworkPolicy.class, F + "-internal");
        assertThat(internal.getSpec().getIngress()).hasSize(2);
        assertThat(internal.getSpec().getIngress().get(1).getFrom()).isNullOrEmpty();
        assertThat(internal.getSpec().getIngress().get(1).getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9094));
    }

    @Test
    void loadBalancerListenerAdvertisesTheServicePort() {
        Rendered r = Chart.parse(Chart.template("default", Map.of("kafka.bundled.externalListener.enabled", true,
                "kafka.bundled.externalListener.type", "LoadBalancer", "kafka.bundled.externalListener.port", 19094,
                "kafka.bundled.externalListener.advertisedHost", "192.168.1.40")));
        Service external = r.get(Service.class, F + "-kafka-external");
        assertThat(external.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(external.getSpec().getPorts().get(0).getPort()).isEqualTo(19094);
        assertThat(external.getSpec().getPorts().get(0).getNodePort()).isNull();
        assertThat(Rendered.env(broker(r)).get("KAFKA_CFG_ADVERTISED_LISTENERS").getValue()).endsWith(",EXTERNAL://192.168.1.40:19094");
        assertThat(Rendered.env(broker(r)).get("KAFKA_CFG_LISTENERS").getValue()).endsWith(",EXTERNAL://:19094");
    }

    @Test
    void theAdvertisedHostIsRequired() {
        assertThatThrownBy(() -> Chart.template("default", Map.of("kafka.bundled.externalListener.enabled", true)))
                .hasMessageContaining("kafka.bundled.externalListener.advertisedHost is required");
    }

    @Test
    void installNotesPrintTheBootstrapAddressAndAConsumerCommand() {
        String notes = new Helm(Chart.CHART_DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly()
                .withValuesFile(Chart.valuesFile("external-listener")).call().getOutput();
        assertThat(notes).contains("bootstrap edge1.example.lan:30094",
                "kafka-console-consumer.sh --bootstrap-server edge1.example.lan:30094 --topic lva.events --property print.headers=true");
    }

    @Test
    void installNotesGiveAnInClusterConsumerCommandThatLogsInOverTls() {
        String notes = new Helm(Chart.CHART_DIR).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput();
        // the defaults: logins on, TLS on: the admin's login, the CA the broker mounts, the name its certificate holds
        assertThat(notes).contains("security.protocol=SASL_SSL", "sasl.mechanism=PLAIN", "password=\\\"$KAFKA_ADMIN_PASSWORD\\\"",
                "ssl.truststore.location=/etc/kafka/tls/ca.crt", "--consumer.config /tmp/admin.properties",
                "--bootstrap-server " + F + "-kafka." + Chart.NAMESPACE + ".svc.cluster.local:9092");
    }

    private static Container broker(Rendered r) {
        return r.get(StatefulSet.class, F + "-kafka").getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
