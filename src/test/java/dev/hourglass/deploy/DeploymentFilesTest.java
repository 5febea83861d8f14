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

    @Test
    void everyDockerfileRunsAsNonRootWithAHealthCheck() throws Exception {
        for (String name : List.of("Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro", "Dockerfile.native-build")) {
            String dockerfile = Files.readString(Path.of("src/main/docker", name));
            assertThat(dockerfile).as(name).containsPattern("(?m)^USER (185|1001)$").contains("HEALTHCHECK").contains("healthcheck");
        }
    }
}
