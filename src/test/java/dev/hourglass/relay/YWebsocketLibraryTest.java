package dev.hourglass.relay;

import dev.hourglass.support.NodeScripts;
import dev.hourglass.support.NothingLeftBehind;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay against the real y-websocket client from the npm registry (src/test/node/y-websocket.mjs, versions
 * pinned by its lock file): documents converge through /relay and through the original URL form, the original
 * design's AES-GCM frames pass untouched, a lone client stays connected past its 30 s reconnect timeout, and a
 * connection that drops takes its awareness state with it.
 */
@QuarkusTest
class YWebsocketLibraryTest {

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void nothingLeftBehind() throws Exception {
        NothingLeftBehind.check();
    }

    @ParameterizedTest
    @ValueSource(strings = {"relay", "original-url", "encrypted", "awareness", "lone"})
    void yWebsocketScenario(String scenario) throws Exception {
        String ws = base.toString().replaceFirst("^http", "ws").replaceAll("/$", "");
        NodeScripts.Result result = NodeScripts.node(Duration.ofSeconds(90), "y-websocket.mjs", scenario, ws);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK " + scenario);
    }
}
