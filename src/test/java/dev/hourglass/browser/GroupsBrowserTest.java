package dev.hourglass.browser;

import dev.hourglass.support.Chromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups mode in three independent Chromium profiles: a founder makes a group, invites one member by link (the
 * unsigned invitation, which the founder's client then endorses) and one by that member's device code (the bound,
 * signed invitation of the QR-code flow); the three chat over a full WebRTC mesh, each member shown with its key's
 * fingerprint. The link-invited member reloads and gets back in with the chain its browser kept.
 */
@QuarkusTest
class GroupsBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "e2e");
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TestHTTPResource("/")
    URL base;

    private final List<ChromeDriver> browsers = new ArrayList<>();

    @AfterEach
    void stopBrowsers() {
        browsers.forEach(WebDriver::quit);
    }

    private ChromeDriver browser() throws Exception {
        ChromeDriver driver = Chromium.start();
        browsers.add(driver);
        driver.get(base.toString());
        driver.findElement(By.id("tab-groups")).click();
        return driver;
    }

    private static WebDriverWait waitFor(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    private static String state(ChromeDriver driver) {
        return driver.findElement(By.id("notice")).getText() + " / server: " + driver.findElement(By.id("server-status")).getText()
                + " / groups: " + driver.findElement(By.id("group-list")).getText().replace('\n', '|') + Chromium.console(driver);
    }

    private String invitation(ChromeDriver founder) {
        return waitFor(founder).withMessage(() -> "no invitation shown: " + state(founder)).until(driver -> {
            String link = driver.findElement(By.id("group-invite-link")).getAttribute("value");
            return link != null && link.contains("#group=") ? link : null;
        });
    }

    private static String fingerprint(ChromeDriver driver) {
        return waitFor(driver).until(d -> {
            String text = d.findElement(By.id("my-fingerprint")).getText();
            return text.matches("[A-Za-z0-9_-]{4}-[A-Za-z0-9_-]{4}-[A-Za-z0-9_-]{4}") ? text : null;
        });
    }

    private void expectOpenMembers(ChromeDriver driver, int count, String who, List<ChromeDriver> all) {
        waitFor(driver).withMessage(() -> who + " never had " + count + " open members; " + describe(all))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#group-list .members li[data-state='open']"), count));
    }

    private static String describe(List<ChromeDriver> all) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            out.append("\n#").append(i).append(": ").append(state(all.get(i)));
        }
        return out.toString();
    }

    private static void say(WebDriver driver, String text) {
        driver.findElement(By.id("chat-input")).sendKeys(text);
        driver.findElement(By.id("chat-send")).click();
    }

    private static void expectMessage(ChromeDriver driver, String text) {
        waitFor(driver).withMessage(() -> "message '" + text + "' never shown: " + state(driver))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), text));
    }

    private static void screenshot(ChromeDriver driver, String name) throws Exception {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aFounderInvitesTwoMembersAndAllThreeChatOverTheMesh() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        ChromeDriver founder = browser();
        ChromeDriver linked = browser();
        ChromeDriver atHand = browser();
        List<ChromeDriver> all = List.of(founder, linked, atHand);
        String founderPrint = fingerprint(founder);
        String linkedPrint = fingerprint(linked);
        String atHandPrint = fingerprint(atHand);
        assertThat(founder.findElement(By.id("device-key-state")).getText()).contains("not extractable");

        founder.findElement(By.id("new-group")).click();
        waitFor(founder).withMessage(() -> "the group never joined: " + state(founder))
                .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#group-list li[data-state='joined']")));

        // By link: opened in the second profile, as a friend would open it.
        founder.findElement(By.cssSelector("#group-list li[data-realm] .invite")).click();
        String link = invitation(founder);
        assertThat(link).startsWith(base.toString());
        assertThat(founder.findElement(By.id("group-invite-qr")).getAttribute("src")).startsWith("data:image/gif;base64,");
        linked.get(link);
        expectOpenMembers(founder, 1, "the founder", all);
        expectOpenMembers(linked, 1, "the member invited by link", all);
        assertThat(linked.findElement(By.id("group-list")).getText()).contains(founderPrint);
        assertThat(founder.findElement(By.id("group-list")).getText()).contains(linkedPrint);

        // By device code, the device at hand: its code pasted into the founder's page, the invitation text pasted back.
        String code = atHand.findElement(By.id("device-code")).getAttribute("value");
        founder.findElement(By.cssSelector("#group-list li[data-realm] .invitee")).sendKeys(code);
        String previous = founder.findElement(By.id("group-invite-link")).getAttribute("value");
        founder.findElement(By.cssSelector("#group-list li[data-realm] .invite-device")).click();
        String bound = waitFor(founder).until(driver -> {
            String value = driver.findElement(By.id("group-invite-link")).getAttribute("value");
            return value != null && !value.equals(previous) ? value : null;
        });
        atHand.findElement(By.id("group-paste")).sendKeys(bound);
        atHand.findElement(By.id("group-join")).click();
        for (ChromeDriver driver : all) {
            expectOpenMembers(driver, 2, "every member", all);
        }
        for (String print : List.of(founderPrint, linkedPrint)) {
            assertThat(atHand.findElement(By.id("group-list")).getText()).contains(print);
        }
        assertThat(linked.findElement(By.id("group-list")).getText()).contains(atHandPrint);

        say(founder, "hello group, from the founder");
        expectMessage(linked, "hello group, from the founder");
        expectMessage(atHand, "hello group, from the founder");
        say(linked, "hi both, link here");
        expectMessage(founder, "hi both, link here");
        expectMessage(atHand, "hi both, link here");
        say(atHand, "and the device at hand");
        expectMessage(founder, "and the device at hand");
        expectMessage(linked, "and the device at hand");
        screenshot(founder, "group-founder");
        screenshot(linked, "group-linked");
        screenshot(atHand, "group-at-hand");

        // The link-invited member was endorsed by a member's client: after a reload it gets back in with its chain.
        waitFor(linked).until(driver -> !driver.findElement(By.id("group-list")).getText().contains("waiting for a member"));
        linked.navigate().refresh();
        expectOpenMembers(linked, 2, "the reloaded member", all);
        say(linked, "back after a reload");
        expectMessage(atHand, "back after a reload");
    }
}
