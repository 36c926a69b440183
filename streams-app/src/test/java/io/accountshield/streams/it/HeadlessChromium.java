package io.accountshield.streams.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's chromium, headless, driven by Debian's chromedriver: nothing is downloaded (the build
 * sets SE_OFFLINE). A machine without them fails the test with what to install, never skips it.
 */
final class HeadlessChromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /**
     * @param profile a fresh directory for the browser's profile
     * @param width   the window's width in pixels
     * @param height  the window's height in pixels
     */
    static ChromeDriver start(Path profile, int width, int height) {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile.toAbsolutePath());
        // The DevTools events (every request the page makes) as a log the test can read, whatever the browser's version.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString())).build();
        return new ChromeDriver(service, options);
    }

    static void requireInstalled() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError("this test needs Debian's chromium and chromium-driver packages (" + BROWSER + ", " + DRIVER
                    + "): run scripts/install-test-tools.sh, or apt-get install chromium chromium-driver");
        }
    }
}
