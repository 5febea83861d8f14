package dev.hourglass.client;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The browser client's files, read from the classpath into memory at start and served from there. Vert.x's own
 * static handler would extract them into a cache directory on disk first: the server writes no file, not even its
 * own page.
 */
@Singleton
public class ClientPage {

    /** Every file of src/main/resources/client (ClientPageTest keeps the list and the directory in step). */
    public static final List<String> FILES = List.of("index.html", "app.js", "contacts.js", "groups.js", "ids.js", "qrcode.js", "rtc.js", "signaling.js", "style.css");

    private record File(Buffer body, String contentType, String etag) {
    }

    private Map<String, File> files;

    void load(@Observes StartupEvent event) {
        files = FILES.stream().collect(Collectors.toUnmodifiableMap(name -> "/" + name, ClientPage::read));
    }

    void install(@Observes Router router) {
        router.route().order(-30).handler(this::serve);
    }

    private void serve(RoutingContext context) {
        HttpMethod method = context.request().method();
        String path = context.request().path();
        File file = files == null || (method != HttpMethod.GET && method != HttpMethod.HEAD) ? null
                : files.get("/".equals(path) ? "/index.html" : path);
        if (file == null) {
            context.next();
            return;
        }
        var response = context.response().putHeader(HttpHeaders.CONTENT_TYPE, file.contentType())
                .putHeader(HttpHeaders.ETAG, file.etag()).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        if (file.etag().equals(context.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
            response.setStatusCode(304).end();
        } else if (method == HttpMethod.HEAD) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(file.body().length())).end();
        } else {
            response.end(file.body());
        }
    }

    private static File read(String name) {
        try (InputStream in = ClientPage.class.getClassLoader().getResourceAsStream("client/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the browser client's " + name + " is missing from the build");
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8) + "\"";
            return new File(Buffer.buffer(bytes), contentType(name), etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}
