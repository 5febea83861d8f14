package dev.hourglass.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi/openapi.yaml is the maintained contract. The served document must agree with it on paths, methods,
 * status codes, media types and schemas; prose (summaries, descriptions, tags) may differ.
 */
@QuarkusTest
class OpenApiContractTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theServedApiMatchesTheContractFile() throws Exception {
        JsonNode contract = YAML.readTree(new File("openapi/openapi.yaml"));
        JsonNode served = YAML.readTree(given().get("/q/openapi").then().statusCode(200).extract().asString());

        assertThat(shape(served)).isEqualTo(shape(contract));
    }

    /** The parts that make the contract, in a stable order: everything but prose. */
    static Map<String, Object> shape(JsonNode document) {
        Map<String, Object> shape = new TreeMap<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            JsonNode operation = method.getValue();
            String key = method.getKey().toUpperCase() + " " + path.getKey();
            shape.put(key + " request", strip(operation.path("requestBody")));
            operation.path("responses").fields().forEachRemaining(
                    response -> shape.put(key + " " + response.getKey(), strip(response.getValue().path("content"))));
        }));
        document.path("components").path("schemas").fields().forEachRemaining(
                schema -> shape.put("schema " + schema.getKey(), strip(schema.getValue())));
        return shape;
    }

    private static JsonNode strip(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getKey().equals("description") && !field.getKey().equals("summary")) {
                    copy.set(field.getKey(), strip(field.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(strip(element)));
            return copy;
        }
        return node;
    }
}
