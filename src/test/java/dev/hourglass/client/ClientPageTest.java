package dev.hourglass.client;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;

/** The browser client's files are all served, from memory, with their type, a validator and the page's headers. */
@QuarkusTest
class ClientPageTest {

    @Test
    void everyFileOfTheClientDirectoryIsServed() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/client"))) {
            assertThat(files.map(path -> path.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(ClientPage.FILES);
        }
        for (String file : ClientPage.FILES) {
            byte[] expected = Files.readAllBytes(Path.of("src/main/resources/client", file));
            byte[] served = given().get("/" + file).then().statusCode(200).header("Cache-Control", "no-cache")
                    .extract().asByteArray();
            assertThat(served).as(file).isEqualTo(expected);
        }
    }

    @Test
    void thePageHasItsTypeHeadersAndValidator() {
        String etag = given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'")).extract().header("ETag");
        given().header("If-None-Match", etag).get("/").then().statusCode(304).body(emptyString());
        given().head("/app.js").then().statusCode(200).contentType(containsString("text/javascript"))
                .header("Content-Length", equalTo(Long.toString(Path.of("src/main/resources/client/app.js").toFile().length())));
        given().post("/index.html").then().statusCode(org.hamcrest.Matchers.not(200));
        given().get("/nothing.js").then().statusCode(404);
    }
}
