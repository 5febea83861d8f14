package dev.hourglass.browser;

import dev.hourglass.support.Chromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two independent browser profiles in Debian's headless Chromium, driven through chromedriver, against the
 * running server: a real DataChannel opens between them, in room mode and in contacts mode. Fails, never skips,
 * when Chromium or chromedriver is missing.
 */
@QuarkusTest
class BrowserEndToEndTest {

    private static final Path SCREENSHOTS = Path.of("target", "e2e");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL base;

    private ChromeDriver alice;
    private ChromeDriver bob;

    @BeforeEach
    void startBrowsers() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        alice = browser();
        bob = browser();
    }

    @AfterEach
    void stopBrowsers() {
        if (alice != null) {
            alice.quit();
        }
        if (bob != null) {
            bob.quit();
        }
    }

    private static ChromeDriver browser() throws Exception {
        return Chromium.start();
    }

    private static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    private static void say(WebDriver driver, String text) {
        driver.findElement(By.id("chat-input")).sendKeys(text);
        driver.findElement(By.id("chat-send")).click();
    }

    private static void expectMessage(WebDriver driver, String text) {
        waitFor(driver).withMessage(() -> "message '" + text + "' never shown; notice: " + notice(driver))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), text));
    }

    private static String notice(WebDriver driver) {
        String console = Chromium.console((ChromeDriver) driver);
        return driver.findElement(By.id("notice")).getText() + " / server: " + driver.findElement(By.id("server-status")).getText()
                + " / peers: " + driver.findElement(By.id("room-peers")).getText().replace('\n', '|')
                + " / contacts: " + driver.findElement(By.id("contact-list")).getText().replace('\n', '|') + console;
    }

    private static void screenshot(ChromeDriver driver, String name) throws Exception {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void twoBrowsersInOneRoomChatOverADataChannel() throws Exception {
        String room = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        alice.get(base + "#room=" + room);
        bob.get(base + "#room=" + room);

        By openPeer = By.cssSelector("#room-peers li[data-state='open']");
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            waitFor(driver).withMessage(() -> "DataChannel never opened; ALICE: " + notice(alice) + "\nBOB: " + notice(bob))
                    .until(ExpectedConditions.presenceOfElementLocated(openPeer));
        }
        assertThat(alice.findElements(openPeer)).hasSize(1);

        say(alice, "hello from alice");
        expectMessage(bob, "hello from alice");
        say(bob, "hello from bob");
        expectMessage(alice, "hello from bob");
        assertThat(alice.findElement(By.id("messages")).getText()).contains("me: hello from alice");

        screenshot(alice, "room-alice");
        screenshot(bob, "room-bob");

        // Bob reloads: the old peer is dropped and the new one connects again.
        bob.navigate().refresh();
        waitFor(alice).withMessage(() -> "alice never reconnected to bob; " + notice(alice) + "\nBOB: " + notice(bob))
                .until(ExpectedConditions.numberOfElementsToBe(openPeer, 1));
        waitFor(bob).withMessage(() -> "bob never reconnected; " + notice(bob))
                .until(ExpectedConditions.presenceOfElementLocated(openPeer));
        say(bob, "back again");
        expectMessage(alice, "back again");
        assertThat(alice.findElements(By.cssSelector("#room-peers li[data-peer]"))).hasSize(1);
    }

    @Test
    void twoContactsFindEachOtherAndChat() throws Exception {
        alice.get(base.toString());
        alice.findElement(By.id("tab-contacts")).click();
        alice.findElement(By.id("new-contact")).click();
        String invite = waitFor(alice).until(driver -> {
            String link = driver.findElement(By.id("invite-link")).getAttribute("value");
            return link != null && link.contains("#invite=") ? link : null;
        });
        assertThat(invite).startsWith(base.toString());

        bob.get(invite);
        By online = By.cssSelector("#contact-list li[data-status='online']");
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            waitFor(driver).withMessage(() -> "contact never online; notice: " + notice(driver)
                    + " registration: " + driver.findElement(By.id("registration-status")).getText())
                    .until(ExpectedConditions.presenceOfElementLocated(online));
        }

        alice.findElement(By.cssSelector("#contact-list li[data-status='online'] .connect")).click();
        By connected = By.cssSelector("#contact-list li[data-status='connected']");
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            waitFor(driver).withMessage(() -> "contact never connected; notice: " + notice(driver))
                    .until(ExpectedConditions.presenceOfElementLocated(connected));
        }

        say(alice, "hi bob, it is alice");
        expectMessage(bob, "hi bob, it is alice");
        say(bob, "hi alice");
        expectMessage(alice, "hi alice");

        screenshot(alice, "contacts-alice");
        screenshot(bob, "contacts-bob");
    }
}
