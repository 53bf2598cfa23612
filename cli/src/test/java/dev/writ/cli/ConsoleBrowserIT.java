package dev.writ.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.writ.node.Node;
import dev.writ.node.NodeMain;
import dev.writ.node.config.NodeSettings;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The operator console (D72) in Debian's chromium against a real node (H2) set up as
 * the README says: the operator logs in with the URL `writ console login` prints, and each view shows
 * what the node holds: the fabric's health, a decision made by `writ propose` arriving live, an
 * escalation with the `writ approve` command that then approves it, a redeemed writ's timeline with
 * each record's position, signature, batch and its bundle, a revocation with its epoch, anchoring,
 * and the drill reports on disk. A reused login code, a foreign origin, a missing session and a path
 * out of the drill directory are refused with their codes. Screenshots are kept in target/console/.
 */
class ConsoleBrowserIT {
    private static final String MODEL = "ab".repeat(32);
    private static final String AGENT = "spiffe://acme/agent/payments-bot";
    private static final Path SCREENSHOTS = Path.of("target", "console").toAbsolutePath();
    // Debian's packages chromium and chromium-driver (.ci/run installs them); never a downloaded browser.
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ChromeDriver browser;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        Map<String, Object> json() throws Exception {
            return JSONObjectUtils.parse(out);
        }

        String both() {
            return out + err;
        }
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        assertThat(CHROMIUM).as("chromium (apt-get install chromium chromium-driver)").isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").isExecutable();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--window-size=1280,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorLogsInWithTheCliCodeAndFollowsAWritFromDecisionToAnchor() throws Exception {
        Path ca = dir.resolve("acme-ca");
        assertThat(run("ca", "init", "--domain", "acme", "--out", ca.toString()).exit()).isZero();
        Run operator = run("ca", "operator", "--id", "ops", "--key-out", dir.resolve("ops.key").toString());
        assertThat(operator.exit()).as(operator.both()).isZero();
        String operatorEntry = operator.out().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        Path botKey = dir.resolve("bot.key");
        Path botChain = dir.resolve("bot-chain.pem");
        assertThat(run("ca", "csr", "--agent", AGENT, "--model-hash", MODEL, "--key-out", botKey.toString(),
                "--out", dir.resolve("bot.csr").toString()).exit()).isZero();
        assertThat(run("ca", "issue", "--ca", ca.toString(), "--csr", dir.resolve("bot.csr").toString(),
                "--out", botChain.toString()).exit()).isZero();
        Path pepKey = dir.resolve("pep.key");
        Path pepChain = dir.resolve("pep-chain.pem");
        assertThat(run("ca", "pep", "--ca", ca.toString(), "--id", "pep-payments", "--key-out", pepKey.toString(),
                "--out", pepChain.toString()).exit()).isZero();
        SigningKey alice = SigningKey.generate();
        Path aliceKey = dir.resolve("alice.key");
        Files.writeString(aliceKey, KeyEncoding.toPem(alice));
        String approverEntry = new NodeSettings.Operator("alice", KeyEncoding.toPem(alice.verifyingKey())).hocon();
        Path drills = dir.resolve("drills");
        Path run1 = Files.createDirectories(drills.resolve("partition-run"));
        Files.writeString(run1.resolve("report.html"), "<html><body><h1>partition: every invariant held</h1></body></html>");
        Files.writeString(run1.resolve("history.jsonl"), "{\"op\":\"propose\"}\n");

        Path conf = dir.resolve("node.conf");
        Files.writeString(conf, "writ.node { id = \"console-node\", data-dir = \"" + dir.resolve("node") + "\" }\n"
                + "writ.http.port = 0\npekko.remote.artery.canonical.port = 0\n"
                + "writ.identity { ca-dir = \"" + ca + "\", operators = [" + operatorEntry + "] }\n"
                + "writ.approvals.approvers = [" + approverEntry + "]\n"
                + "writ.console { enabled = true, port = 0, drill-reports = \"" + drills + "\" }\n");
        try (Node node = Node.start(NodeMain.load(conf))) {
            String uri = "http://127.0.0.1:" + node.httpPort();
            awaitHealthy(uri);
            String[] ops = {"--operator", "ops", "--operator-key", dir.resolve("ops.key").toString()};
            String[] agent = {"--agent-key", botKey.toString(), "--agent-chain", botChain.toString()};

            Run unsigned = run("console", "login", "--node", uri);
            assertThat(unsigned.exit()).isEqualTo(ClientExit.USAGE);
            assertThat(unsigned.err()).startsWith("USAGE: MISSING_OPERATOR: ");
            Run login = run(args(uri, concat(ops, "console", "login", "-o", "json")));
            assertThat(login.exit()).as(login.both()).isEqualTo(ClientExit.OK);
            String url = (String) login.json().get("url");
            assertThat(url).startsWith("http://127.0.0.1:" + node.consolePort().orElseThrow() + "/login#code=");
            String console = url.substring(0, url.indexOf("/login"));

            // Log in: the page exchanges the code from the fragment for a session, and drops the code from the address.
            browser.get(url);
            await(() -> browser.findElement(By.id("app")).isDisplayed());
            assertThat(browser.findElement(By.id("whoami")).getText()).isEqualTo("operator ops");
            assertThat(browser.getCurrentUrl()).doesNotContain("code=");
            await(() -> "HEALTHY".equals(browser.findElement(By.id("fabric-status")).getText()));
            assertThat(browser.findElement(By.id("fabric-node")).getText()).contains("console-node").contains("acme");
            assertThat(texts("#fabric-reasons td:first-child")).isNotEmpty();
            assertThat(texts("#fabric-members td:nth-child(2)")).containsExactly("acme");
            // The node answers its own health through the receptionist, as every node of the domain does.
            await(() -> texts("#fabric-members tr[data-health='HEALTHY'] td:nth-child(5)").equals(List.of("HEALTHY")));
            String firstCheck = texts("#fabric-reasons td:first-child").get(0);
            List<String> memberReasons = texts("#fabric-members td:nth-child(6)");
            assertThat(memberReasons).hasSize(1);
            assertThat(memberReasons.get(0)).contains(firstCheck + " HEALTHY: ");
            screenshot("fabric.png");

            // A decision made now appears in the live view, and a filter on another agent hides it.
            show("decisions");
            Run allowed = propose(uri, concat(agent, "propose", "--file", action("transfer.json", "25").toString(),
                    "-o", "json"));
            assertThat(allowed.exit()).as(allowed.both()).isEqualTo(ClientExit.OK);
            String proposalId = (String) allowed.json().get("proposalId");
            String jti = (String) allowed.json().get("jti");
            WebElement row = await(By.cssSelector("#decisions tr[data-proposal='" + proposalId + "']"));
            assertThat(row.getDomAttribute("data-decision")).isEqualTo("ALLOW");
            assertThat(row.getText()).contains(AGENT).contains("payments-api").contains("transfer");
            Run denied = run(args(uri, concat(agent, "propose", "--file", action("big.json", "5000").toString(), "-o", "json")));
            assertThat(denied.exit()).as(denied.both()).isEqualTo(ClientExit.DENY);
            WebElement deniedRow = await(By.cssSelector("#decisions tr[data-proposal='" + denied.json().get("proposalId") + "']"));
            assertThat(deniedRow.getDomAttribute("data-decision")).isEqualTo("DENY");
            assertThat(deniedRow.findElements(By.cssSelector("td")).get(5).getText()).isNotBlank();
            screenshot("decisions.png");
            assertThat(fetchText("/api/decisions?agent=payments-bot&target=payments")).contains(proposalId);
            assertThat(fetchText("/api/decisions?agent=spiffe://acme/agent/someone-else")).isEqualTo("[]");
            browser.findElement(By.id("filter-target")).sendKeys("payments-api");
            browser.findElement(By.cssSelector("#decision-filter button")).click();
            await(By.cssSelector("#decisions tr[data-proposal='" + proposalId + "']"));

            // An escalation waits in approvals with the command to run; the escalation the page serves approves it.
            Run escalated = propose(uri, concat(agent, "propose", "--file", action("large.json", "600").toString(),
                    "-o", "json"));
            assertThat(escalated.exit()).as(escalated.both()).isEqualTo(ClientExit.ESCALATE);
            String approvalId = (String) escalated.json().get("approvalId");
            show("approvals");
            WebElement pending = await(By.cssSelector("#approvals tr[data-proposal='" + approvalId + "']"));
            assertThat(pending.getText()).contains("writ approve").contains("escalation-" + approvalId + ".json")
                    .contains(AGENT).contains("600");
            screenshot("approvals.png");
            Path escalation = dir.resolve("escalation-" + approvalId + ".json");
            Files.writeString(escalation, fetchText("/api/approvals/" + approvalId + "/escalation"));
            Run approved = run(args(uri, "approve", "-e", escalation.toString(), "--approver", "alice",
                    "--approver-key", aliceKey.toString()));
            assertThat(approved.exit()).as(approved.both()).isEqualTo(ClientExit.OK);
            show("fabric");
            show("approvals");
            awaitGone(By.cssSelector("#approvals tr[data-proposal='" + approvalId + "']"));

            // The writ is redeemed; its lineage shows every record, where it sits, and its batch once anchored.
            // the writ is bound to the agent's key (D61): the agent proves possession for this PEP and mutation
            Path allowFile = writeFile("allow.json", allowed.out());
            Run proved = run(concat(agent, "prove", "--writ", allowFile.toString(), "--file",
                    dir.resolve("transfer.json").toString(), "--pep", "spiffe://acme/pep/pep-payments"));
            assertThat(proved.exit()).as(proved.both()).isEqualTo(ClientExit.OK);
            Run redeemed = run(args(uri, "redeem", "--writ", allowFile.toString(), "--file",
                    dir.resolve("transfer.json").toString(), "--observed", "account.balance=100", "--pep-cert",
                    pepChain.toString(), "--pep-key", pepKey.toString(), "--proof",
                    writeFile("proof.txt", proved.out()).toString()));
            assertThat(redeemed.exit()).as(redeemed.both()).isEqualTo(ClientExit.OK);
            Instant deadline = Instant.now().plus(WAIT);
            List<String> batches;
            do {
                searchLineage("id", jti);
                await(By.cssSelector("#timeline li"));
                batches = texts("#timeline .batch");
                assertThat(Instant.now()).as("the writ's records are anchored").isBefore(deadline);
            } while (batches.contains("not anchored yet"));
            assertThat(attributes("#timeline li", "data-kind"))
                    .containsSubsequence("PROPOSAL", "DECISION", "ISSUANCE", "REDEMPTION");
            for (WebElement item : browser.findElements(By.cssSelector("#timeline li"))) {
                assertThat(item.findElement(By.xpath(".//dt[.='signature']/following-sibling::dd[1]"))
                        .getDomAttribute("title")).isNotBlank();
                assertThat(item.findElement(By.xpath(".//dt[.='position']/following-sibling::dd[1]")).getText())
                        .matches(".+#\\d+");
            }
            screenshot("lineage.png");
            Files.copy(SCREENSHOTS.resolve("lineage.png"), SCREENSHOTS.resolve("console.png"), StandardCopyOption.REPLACE_EXISTING);
            String bundle = fetchText(browser.findElement(By.id("bundle-link")).getDomAttribute("href"));
            Path bundleFile = writeFile("bundle.json", bundle);
            Run verified = run("verify", "--json", bundleFile.toString());
            assertThat(verified.out()).as("the bundle downloaded from the console verifies").contains("\"holds\":true");
            searchLineage("id", proposalId);
            await(By.cssSelector("#timeline li"));
            assertThat(attributes("#timeline li", "data-kind")).contains("REDEMPTION");
            searchLineage("agent", AGENT);
            await(By.cssSelector("#agent-decisions tr[data-proposal='" + proposalId + "']"));

            // A revocation shows with its epoch.
            Run second = propose(uri, concat(agent, "propose", "--file", action("thirty.json", "30").toString(), "-o", "json"));
            String jti2 = (String) second.json().get("jti");
            Run revoked = run(args(uri, concat(ops, "revoke", jti2, "--reason", "the agent went rogue")));
            assertThat(revoked.exit()).as(revoked.both()).isEqualTo(ClientExit.OK);
            show("revocations");
            WebElement revocation = await(By.xpath("//tbody[@id='revocations']/tr[td[3]='" + jti2 + "']"));
            assertThat(revocation.findElement(By.xpath("td[1]")).getText()).isEqualTo("1");
            assertThat(revocation.getText()).contains("WRIT").contains("the agent went rogue").contains("ops");
            // taken here, and confirmed by every node (this one): how long it took, not "taken elsewhere" nor "not all"
            assertThat(revocation.findElement(By.cssSelector("td.reach")).getText()).matches("\\d+ ms|\\d+\\.\\d s");
            screenshot("revocations.png");

            show("anchoring");
            await(By.cssSelector("#batches tr"));
            assertThat(browser.findElement(By.id("anchoring-status")).getText()).contains("backlog").contains("off");
            screenshot("anchoring.png");

            show("drills");
            WebElement drill = await(By.cssSelector("#drills li[data-run='partition-run']"));
            assertThat(texts("#drills li[data-run='partition-run'] a")).containsExactly("history.jsonl", "report.html");
            assertThat(fetchText(drill.findElement(By.linkText("report.html")).getDomAttribute("href")))
                    .contains("every invariant held");
            screenshot("drills.png");

            assertRefusals(console, url);

            // A reused code is refused on the page, with its code.
            browser.get(url);
            WebElement error = await(By.id("login-error"));
            await(error::isDisplayed);
            assertThat(error.getDomAttribute("data-code")).isEqualTo("LOGIN_CODE_USED");
            screenshot("reused-code.png");

            // Logging out ends the session: the page asks for a login again.
            browser.navigate().refresh(); // the page dropped the code from its address: now it reads its session
            await(() -> browser.findElement(By.id("app")).isDisplayed());
            browser.findElement(By.id("logout")).click();
            await(() -> browser.findElement(By.id("login")).isDisplayed());
            browser.navigate().refresh();
            WebElement loginAgain = await(By.id("login"));
            await(loginAgain::isDisplayed);
            assertThat(browser.findElement(By.id("app")).isDisplayed()).isFalse();
        }
    }

    /** Outside the page: another origin, no session, a path out of the drill directory. */
    private void assertRefusals(String console, String usedUrl) throws Exception {
        String cookie = "writ_console=" + browser.manage().getCookieNamed("writ_console").getValue();
        HttpClient http = HttpClient.newHttpClient();
        String code = usedUrl.substring(usedUrl.indexOf("#code=") + "#code=".length());
        HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(console + "/api/session"))
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"code\":\"CROSS_ORIGIN\"");
        HttpResponse<String> reused = http.send(HttpRequest.newBuilder(URI.create(console + "/api/session"))
                .header("Origin", console).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(reused.body()).contains("\"code\":\"LOGIN_CODE_USED\"");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(console + "/api/fabric")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("\"code\":\"CONSOLE_SESSION_REQUIRED\"");
        HttpResponse<String> fromElsewhere = http.send(HttpRequest.newBuilder(URI.create(console + "/api/fabric"))
                .header("Cookie", cookie).header("Sec-Fetch-Site", "cross-site").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromElsewhere.statusCode()).isEqualTo(403);
        HttpResponse<String> withSession = http.send(HttpRequest.newBuilder(URI.create(console + "/api/fabric"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(withSession.statusCode()).isEqualTo(200);
        for (String escape : List.of("/api/drills/..%2F..%2F..%2Fetc/passwd", "/api/drills/partition-run/..",
                "/api/drills/../node.conf", "/api/drills/partition-run/.hidden")) {
            HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create(console + escape))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(out.statusCode()).as(escape).isEqualTo(404);
        }
        HttpResponse<String> expired = http.send(HttpRequest.newBuilder(URI.create(console + "/api/session"))
                .header("Origin", console).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + "A".repeat(43) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(expired.body()).contains("\"code\":\"LOGIN_CODE_UNKNOWN\"");
    }

    private static void show(String view) {
        browser.findElement(By.cssSelector("nav a[data-view='" + view + "']")).click();
        await(() -> view.equals(browser.findElement(By.tagName("body")).getDomAttribute("data-view")));
    }

    private static void searchLineage(String by, String query) {
        show("lineage");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("lineage-by"))).selectByValue(by);
        WebElement input = browser.findElement(By.id("lineage-query"));
        input.clear();
        input.sendKeys(query);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('lineage-result').replaceChildren()");
        browser.findElement(By.cssSelector("#lineage-form button")).click();
    }

    /** A GET from the page itself, with its session: what a click on a download link would save. */
    private static String fetchText(String path) {
        Object text = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done('FAILED ' + e));
                """, path);
        return String.valueOf(text);
    }

    /** Read in one script: the live views replace their rows every push, so elements found earlier go stale. */
    @SuppressWarnings("unchecked")
    private static List<String> texts(String css) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent)", css);
    }

    @SuppressWarnings("unchecked")
    private static List<String> attributes(String css, String attribute) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map((e) => e.getAttribute(arguments[1]))", css, attribute);
    }

    private static WebElement await(By by) {
        return new WebDriverWait(browser, WAIT).until(b -> b.findElements(by).stream().findFirst().orElse(null));
    }

    private static void awaitGone(By by) {
        new WebDriverWait(browser, WAIT).until(b -> {
            if (b.findElements(by).isEmpty()) {
                return true;
            }
            show("fabric");
            show("approvals");
            return false;
        });
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).until(b -> condition.getAsBoolean());
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private Path writeFile(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private Path action(String name, String amount) throws Exception {
        return writeFile(name, "{\"target\": \"payments-api\", \"operation\": \"transfer\", \"parameters\": {\"amount\": \""
                + amount + "\", \"currency\": \"EUR\"}, \"classification\": \"internal\"}\n");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new WritCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static String[] args(String node, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--node";
        all[args.length + 1] = node;
        return all;
    }

    private static String[] concat(String[] options, String... command) {
        String[] all = new String[command.length + options.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(options, 0, all, command.length, options.length);
        return all;
    }

    /** `writ propose`, again while a budget's owner has given no slice yet (BUDGET_UNAVAILABLE: nothing decided). */
    private static Run propose(String uri, String... args) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (true) {
            Run proposed = run(args(uri, args));
            boolean warmingUp = proposed.exit() == ClientExit.REFUSED && proposed.both().contains("BUDGET_UNAVAILABLE");
            if (!warmingUp || Instant.now().isAfter(deadline)) {
                return proposed;
            }
            Thread.sleep(200);
        }
    }

    /** A bounded wait for a node starting on shared cores, not a timing assertion. */
    private static void awaitHealthy(String uri) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (run("health", "--node", uri).exit() != ClientExit.OK) {
            assertThat(Instant.now()).as("the node turns HEALTHY").isBefore(deadline);
            Thread.sleep(200);
        }
    }
}
