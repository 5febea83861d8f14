package dev.hourglass.support;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;

/**
 * Debian's headless Chromium through Debian's chromedriver, each browser with a fresh profile of its own (two of them
 * share nothing, not even a BroadcastChannel). Selenium Manager never downloads a browser or a driver.
 */
public final class Chromium {

    private Chromium() {
    }

    public static ChromeDriver start() throws Exception {
        Path profile = Files.createTempDirectory("hourglass-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=900,1000", "--user-data-dir=" + profile,
                // WebRTC between two browsers of this machine: plain host candidates (no mDNS multicast queries),
                // loopback included.
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    /** The browser's console so far, for a failure's message. */
    public static String console(ChromeDriver driver) {
        StringBuilder console = new StringBuilder();
        driver.manage().logs().get(LogType.BROWSER).forEach(entry -> console.append("\n  console: ").append(entry.getMessage()));
        return console.toString();
    }
}
