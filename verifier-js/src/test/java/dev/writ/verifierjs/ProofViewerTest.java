package dev.writ.verifierjs;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.writ.verifierjs.CrossCheck.Run;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The proof viewer (viewer/index.html, D66) opened from a file:// URL in Debian's
 * chromium: a bundle picked or dropped there must show the exit code, the answer line and every
 * check's status and fault that `writ verify` and writ-verify give for the same file. Screenshots
 * are kept in target/proof-viewer/.
 */
class ProofViewerTest {
    private static final Path EXAMPLES = Path.of("..", "examples", "bundles").toAbsolutePath().normalize();
    private static final Path PAGE = Path.of("viewer", "index.html").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target", "proof-viewer").toAbsolutePath();
    private static final String KEYS = EXAMPLES.resolve("acme.jwks.json").toString();
    // Debian's packages chromium and chromium-driver (.ci/run installs them); never a downloaded browser.
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final int WIDTH = 1000;
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(60);

    /** How the bundle reaches the page. */
    enum Via { PICKED, DROPPED }

    /** One example bundle, with or without acme's keys pinned, picked or dropped. */
    record Case(String bundle, boolean pinned, Via via) {
        List<String> args() {
            String file = EXAMPLES.resolve(bundle).toString();
            return pinned ? List.of("--trusted-keys", KEYS, file) : List.of(file);
        }

        @Override
        public String toString() {
            return bundle + (pinned ? " pinned" : "") + ", " + via;
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("valid.json", true, Via.PICKED),
            new Case("valid.json", false, Via.DROPPED),
            new Case("removed-redemption.json", true, Via.PICKED),
            new Case("flipped-writ-byte.json", false, Via.DROPPED),
            new Case("swapped-key.json", true, Via.DROPPED),
            new Case("acme.jwks.json", false, Via.PICKED));

    private static ChromeDriver browser;
    /** What both verifiers say (once they agree) on each case, asked in one batch: one node start. */
    private static Map<Case, Outcome> expected;

    @BeforeAll
    static void askBothVerifiers(@TempDir Path dir) throws Exception {
        List<Outcome> outcomes = CrossCheck.assertSameOutcomes(CASES.stream().map(c -> new Run(c.toString(), c.args())).toList(), dir);
        expected = new LinkedHashMap<>();
        for (int i = 0; i < CASES.size(); i++) {
            expected.put(CASES.get(i), outcomes.get(i));
        }
    }

    static List<Case> cases() {
        return CASES;
    }

    @BeforeAll
    static void startBrowser() {
        assertThat(CHROMIUM).as("chromium (apt-get install chromium chromium-driver)").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").isExecutable();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=" + WIDTH + ",1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theViewerShowsWhatBothVerifiersSay(Case c) throws Exception {
        Path file = EXAMPLES.resolve(c.bundle());
        browser.get(PAGE.toUri().toString());
        if (c.pinned()) {
            browser.findElement(By.id("keys")).sendKeys(KEYS);
        }
        if (c.via() == Via.PICKED) {
            browser.findElement(By.id("bundle")).sendKeys(file.toString());
        } else {
            drop(file);
        }
        WebElement result = awaitVerdict(c.bundle());
        screenshot(c.bundle().replace(".json", "") + (c.pinned() ? "-pinned" : "") + ".png");

        assertThat(shown(result)).as("the page's verdict on " + c).isEqualTo(expected.get(c));
        assertThat(browser.findElement(By.id("answer")).getText())
                .as("the answer line of writ verify").isEqualTo(lastLine(JavaVerify.text(c.args())));
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
    }

    @Test
    void aChainThatIsNoHttpUrlIsRefusedBeforeAnythingIsChecked() {
        browser.get(PAGE.toUri().toString());
        browser.findElement(By.id("rpc")).sendKeys("file:///etc/passwd");
        browser.findElement(By.id("bundle")).sendKeys(EXAMPLES.resolve("valid.json").toString());
        assertRefused("http or https");
    }

    @Test
    void verifyingWithoutABundleAsksForOne() {
        browser.get(PAGE.toUri().toString());
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        assertRefused("bundle file first");
    }

    private static void assertRefused(String why) {
        WebElement error = browser.findElement(By.id("error"));
        new WebDriverWait(browser, VERDICT_WAIT).until(b -> error.isDisplayed());
        assertThat(error.getText()).contains(why);
        assertThat(browser.findElement(By.id("result")).isDisplayed()).isFalse();
    }

    /** Drops {@code file} on the page's drop zone as a person dragging it from a file manager would. */
    private static void drop(Path file) throws Exception {
        ((JavascriptExecutor) browser).executeScript("""
                const [name, base64] = arguments;
                const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
                const files = new DataTransfer();
                files.items.add(new File([bytes], name));
                const zone = document.getElementById('drop');
                for (const type of ['dragenter', 'dragover', 'drop']) {
                  zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: files }));
                }
                """, file.getFileName().toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
    }

    private static WebElement awaitVerdict(String bundle) {
        WebElement result = browser.findElement(By.id("result"));
        new WebDriverWait(browser, VERDICT_WAIT).until(b -> "done".equals(result.getDomAttribute("data-state"))
                && bundle.equals(b.findElement(By.id("file")).getText()));
        return result;
    }

    /** The verdict as the page shows it, in the form of a `--json` verdict, so it compares with both verifiers'. */
    private static Outcome shown(WebElement result) {
        List<Map<String, Object>> checks = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String firstFault = null;
        for (WebElement row : browser.findElements(By.cssSelector("#checks tr"))) {
            List<WebElement> cells = row.findElements(By.cssSelector("th, td"));
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", cells.get(0).getText());
            check.put("status", cells.get(1).getText());
            String fault = cells.get(2).getText();
            if (!fault.isEmpty()) {
                check.put("fault", fault);
            }
            if ("SKIP".equals(check.get("status"))) {
                skipped.add(cells.get(0).getText());
            }
            if (firstFault == null && "FAIL".equals(check.get("status"))) {
                firstFault = fault;
            }
            checks.add(check);
        }
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("verified", Boolean.valueOf(result.getDomAttribute("data-verified")));
        verdict.put("holds", Boolean.valueOf(result.getDomAttribute("data-holds")));
        verdict.put("skipped", skipped);
        if (firstFault != null) {
            verdict.put("fault", firstFault);
        }
        verdict.put("checks", checks);
        return Outcome.of(Integer.parseInt(result.getDomAttribute("data-exit")), JSONObjectUtils.toJSONString(verdict));
    }

    private static String lastLine(String printed) {
        List<String> lines = printed.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** The whole page: the window is first made as tall as what it shows. */
    private static void screenshot(String name) throws Exception {
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "window.scrollTo(0, 0); return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
        browser.manage().window().setSize(new Dimension(WIDTH, (int) height));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
