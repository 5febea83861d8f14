package dev.hourglass.yjs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The /yjs error codes of openapi/asyncapi.yaml are exactly the server's. */
class YjsContractTest {

    @Test
    void errorCodesMatchTheServers() throws Exception {
        List<String> documented = new ArrayList<>();
        new ObjectMapper(new YAMLFactory()).readTree(new File("openapi/asyncapi.yaml"))
                .at("/components/schemas/YjsError/properties/code/enum").forEach(code -> documented.add(code.asText()));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(Arrays.stream(YjsError.values()).map(code -> code.wire).toList());
    }
}
