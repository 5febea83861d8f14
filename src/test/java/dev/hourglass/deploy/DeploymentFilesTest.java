package dev.hourglass.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The probes the deployment files point at exist on the running app, and every image runs as non-root with a health check. */
@QuarkusTest
class DeploymentFilesTest {

    @Test
    void theKubernetesProbesAnswer() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode deployment;
        try (YAMLParser parser = new YAMLFactory().createParser(new File("deploy/kubernetes.yaml"))) {
            deployment = yaml.readValues(parser, JsonNode.class).next();
        }
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            String path = container.at("/" + probe + "/httpGet/path").asText();
            given().get(path).then().statusCode(200);
        }
    }

    /**
     * Docker cannot run here: the compose file is checked for what makes it a cluster. Two instances in the Redis
     * mode sharing one blinding key and the compose's Redis, Redis keeping nothing on disk, and nginx spreading over
     * both without stickiness, WebSocket upgrades forwarded.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileRunsTwoInstancesAsOneBehindALoadBalancer() throws Exception {
        Map<String, Object> compose = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("src/main/docker/docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("redis", "hourglass-1", "hourglass-2", "nginx");
        assertThat((List<String>) services.get("redis").get("command")).containsSubsequence("--save", "").containsSubsequence("--appendonly", "no");
        for (String instance : List.of("hourglass-1", "hourglass-2")) {
            Map<String, String> environment = (Map<String, String>) services.get(instance).get("environment");
            assertThat(environment).containsEntry("HOURGLASS_CLUSTER", "redis").containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis:6379");
            assertThat(environment.get("HOURGLASS_BLINDING_KEY")).startsWith("${HOURGLASS_BLINDING_KEY:?");
            assertThat(Path.of("src/main/docker", "Dockerfile.jvm")).exists();
        }
        String nginx = Files.readString(Path.of("src/main/docker/nginx.conf"));
        assertThat(nginx).contains("server hourglass-1:8080;").contains("server hourglass-2:8080;")
                .contains("proxy_set_header Upgrade $http_upgrade;").doesNotContain("ip_hash").doesNotContain("sticky").doesNotContain("hash ");
        assertThat(((List<String>) services.get("nginx").get("volumes")).get(0)).startsWith("./nginx.conf:");
    }

    @Test
    void everyDockerfileRunsAsNonRootWithAHealthCheck() throws Exception {
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro", "Dockerfile.native-build")) {
            String dockerfile = Files.readString(Path.of("src/main/docker", name));
            assertThat(dockerfile).as(name).containsPattern("(?m)^USER (185|1001)$").contains("HEALTHCHECK").contains("healthcheck");
        }
    }
}
