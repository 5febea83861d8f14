package dev.hourglass.yjs;

import com.sun.net.httpserver.HttpServer;
import dev.hourglass.support.Chromium;
import dev.hourglass.support.NodeScripts;
import dev.hourglass.support.NothingLeftBehind;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two y-webrtc providers, the real library from the npm registry bundled with esbuild, in two headless Chromium
 * browsers with separate profiles (no BroadcastChannel between them), with Hourglass's /yjs as their only signaling
 * server: they find each other, open a real WebRTC connection and their documents converge over it.
 */
@QuarkusTest
class YWebrtcBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path PAGE = Path.of("target", "y-webrtc-page");

    @TestHTTPResource("/")
    URI base;

    private HttpServer pages;
    private ChromeDriver alice;
    private ChromeDriver bob;

    @BeforeEach
    void start() throws Exception {
        NodeScripts.Result build = NodeScripts.node(Duration.ofMinutes(2), "build-page.mjs", PAGE.toAbsolutePath().toString());
        assertThat(build.exitCode()).as(build.output()).isZero();
        // The page comes from a server of its own, as a site using Hourglass for signaling would.
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().equals("/") ? "index.html" : exchange.getRequestURI().getPath().substring(1);
            Path file = PAGE.resolve(name).normalize();
            if (!file.startsWith(PAGE) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", name.endsWith(".js") ? "text/javascript" : "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pages.start();
        alice = Chromium.start();
        bob = Chromium.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (alice != null) {
            alice.quit();
        }
        if (bob != null) {
            bob.quit();
        }
        if (pages != null) {
            pages.stop(0);
        }
        NothingLeftBehind.check();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(ChromeDriver driver) {
        return (Map<String, Object>) driver.executeScript("return window.hourglassTest.state()");
    }

    private String describe() {
        return "\nALICE " + state(alice) + Chromium.console(alice) + "\nBOB " + state(bob) + Chromium.console(bob);
    }

    @Test
    void twoProvidersFindEachOtherThroughYjsAndConvergeOverWebRtc() {
        String signaling = base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/yjs";
        String room = "webrtc-" + UUID.randomUUID();
        String page = "http://127.0.0.1:" + pages.getAddress().getPort() + "/";
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            driver.get(page);
            driver.executeScript("window.hourglassTest.start(arguments[0], arguments[1])", signaling, room);
        }
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            new WebDriverWait(driver, WAIT).withMessage(this::describe)
                    .until(d -> ((Number) state((ChromeDriver) d).get("webrtcPeers")).intValue() == 1);
        }
        alice.executeScript("window.hourglassTest.insert('from alice;')");
        bob.executeScript("window.hourglassTest.insert('from bob;')");
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            new WebDriverWait(driver, WAIT).withMessage(this::describe).until(d -> {
                String text = (String) state((ChromeDriver) d).get("text");
                return text.contains("from alice;") && text.contains("from bob;");
            });
        }
        assertThat(state(alice).get("text")).isEqualTo(state(bob).get("text"));
        // Over WebRTC, not over a BroadcastChannel: the two browsers share none.
        assertThat(((Number) state(alice).get("broadcastPeers")).intValue()).isZero();
        assertThat(((Number) state(bob).get("broadcastPeers")).intValue()).isZero();
        assertThat(state(alice).get("signalingConnected")).isEqualTo(true);
    }
}
