package dev.hourglass.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The AsyncAPI document names exactly the error codes the server sends, and every message it lists is defined. */
class AsyncApiContractTest {

    private final JsonNode document;

    AsyncApiContractTest() throws Exception {
        document = new ObjectMapper(new YAMLFactory()).readTree(new File("openapi/asyncapi.yaml"));
    }

    @Test
    void errorCodesMatchTheServers() {
        List<String> documented = new ArrayList<>();
        document.at("/components/schemas/Error/properties/code/enum").forEach(code -> documented.add(code.asText()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values()).map(code -> code.wire).toList());
    }

    @Test
    void everyChannelMessageIsDefined() {
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(document.path("channels").size()).isEqualTo(3);
        document.path("channels").forEach(channel -> channel.path("messages").forEach(message -> {
            String ref = message.path("$ref").asText();
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref + " is defined").isFalse();
        }));
    }
}
