package dev.hourglass.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.restassured.response.Response;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks a real HTTP answer against openapi/openapi.yaml: the status is documented for the operation, the media type
 * is the one documented for that status, and the body fits its schema (types, required and only documented
 * properties, patterns, item counts, integer ranges). The subset of JSON Schema the contract uses, no more.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode CONTRACT = load();

    private OpenApiContract() {
    }

    private static JsonNode load() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(new File("openapi/openapi.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless the answer to {@code method path} is one the contract documents. Returns the answer for chaining. */
    public static Response assertConforms(String method, String path, Response response) {
        JsonNode operation = CONTRACT.path("paths").path(path).path(method.toLowerCase());
        assertThat(operation.isObject()).as("%s %s is in the contract", method, path).isTrue();
        String status = String.valueOf(response.statusCode());
        JsonNode documented = operation.path("responses").path(status);
        assertThat(documented.isObject()).as("%s %s documents status %s", method, path, status).isTrue();
        String mediaType = response.contentType().split(";")[0].trim();
        JsonNode content = documented.path("content").path(mediaType);
        assertThat(content.isObject()).as("%s %s %s documents media type %s", method, path, status, mediaType).isTrue();
        try {
            check(content.path("schema"), JSON.readTree(response.asByteArray()), "body");
        } catch (IOException e) {
            fail("%s %s %s: the body is not JSON", method, path, status);
        }
        return response;
    }

    private static void check(JsonNode schema, JsonNode value, String where) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            JsonNode target = CONTRACT.path("components").path("schemas").path(name);
            assertThat(target.isObject()).as("schema %s exists", name).isTrue();
            check(target, value, where);
            return;
        }
        switch (schema.path("type").asText()) {
            case "object" -> checkObject(schema, value, where);
            case "array" -> {
                assertThat(value.isArray()).as("%s is an array", where).isTrue();
                if (schema.has("minItems")) {
                    assertThat(value.size()).as("%s items", where).isGreaterThanOrEqualTo(schema.get("minItems").asInt());
                }
                if (schema.has("maxItems")) {
                    assertThat(value.size()).as("%s items", where).isLessThanOrEqualTo(schema.get("maxItems").asInt());
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), where + "[" + i + "]");
                }
            }
            case "string" -> {
                assertThat(value.isTextual()).as("%s is a string", where).isTrue();
                if (schema.has("pattern")) {
                    assertThat(Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find())
                            .as("%s matches %s", where, schema.get("pattern").asText()).isTrue();
                }
            }
            case "integer" -> {
                assertThat(value.isIntegralNumber()).as("%s is an integer", where).isTrue();
                if (schema.path("format").asText().equals("int32")) {
                    assertThat(value.canConvertToInt()).as("%s fits int32", where).isTrue();
                } else {
                    assertThat(value.canConvertToLong()).as("%s fits int64", where).isTrue();
                }
            }
            case "boolean" -> assertThat(value.isBoolean()).as("%s is a boolean", where).isTrue();
            default -> fail("the contract's schema at %s has a type this check does not know: %s", where, schema);
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String where) {
        assertThat(value.isObject()).as("%s is an object", where).isTrue();
        schema.path("required").forEach(name -> assertThat(value.has(name.asText()))
                .as("%s has required property %s", where, name.asText()).isTrue());
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            JsonNode propertySchema = schema.path("properties").path(property.getKey());
            assertThat(propertySchema.isObject()).as("%s.%s is documented", where, property.getKey()).isTrue();
            check(propertySchema, property.getValue(), where + "." + property.getKey());
        }
    }
}
