package dev.hourglass.it;

import dev.hourglass.support.AppInstance;
import dev.hourglass.support.Chromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * The browser client across a server restart: the packaged application is terminated (its clients get 1012) and
 * started again on the same port; both pages reconnect on their own, join their room again and open a new
 * DataChannel between them, without a reload.
 */
class BrowserReconnectIT {

    private static final Duration WAIT = Duration.ofSeconds(40);

    private ChromeDriver alice;
    private ChromeDriver bob;
    private AppInstance app;

    @AfterEach
    void stop() throws Exception {
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            if (driver != null) {
                driver.quit();
            }
        }
        if (app != null) {
            app.close();
        }
    }

    private static void chatReaches(ChromeDriver from, ChromeDriver to, String text) {
        from.findElement(By.id("chat-input")).sendKeys(text);
        from.findElement(By.id("chat-send")).click();
        new WebDriverWait(to, WAIT).withMessage(() -> "'" + text + "' never arrived" + Chromium.console(to))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), text));
    }

    @Test
    void bothPagesReconnectAfterARestartAndMeetAgainInTheirRoom() throws Exception {
        app = new AppInstance("reconnect", Map.of()).start();
        int port = app.port();
        String room = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        alice = Chromium.start();
        bob = Chromium.start();
        By openPeer = By.cssSelector("#room-peers li[data-state='open']");
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            driver.get(app.base() + "#room=" + room);
        }
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(openPeer));
        }
        chatReaches(alice, bob, "before the restart");

        app.terminate();
        app.awaitExit(Duration.ofSeconds(20));
        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            new WebDriverWait(driver, WAIT).until(ExpectedConditions.attributeToBe(By.id("server-status"), "data-state", "unreachable"));
        }
        app = new AppInstance("reconnect-again", port, Map.of()).start();

        for (ChromeDriver driver : new ChromeDriver[] {alice, bob}) {
            new WebDriverWait(driver, WAIT).withMessage(() -> "no reconnection" + Chromium.console(driver))
                    .until(ExpectedConditions.attributeToBe(By.id("server-status"), "data-state", "connected"));
            new WebDriverWait(driver, WAIT).withMessage(() -> "the room was not joined again" + Chromium.console(driver))
                    .until(ExpectedConditions.presenceOfElementLocated(openPeer));
        }
        chatReaches(bob, alice, "after the restart");
    }
}
