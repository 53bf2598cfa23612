package dev.writ.node.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;

/**
 * The page and its bundled script and style, built by console-web (esbuild) into the node's jar
 * under {@code writ/console/}: read once at start, served from memory by exact name. No name a
 * request makes up reaches the class path or the disk.
 */
final class ConsoleAssets {
    /** A file and its content type. */
    record Asset(ContentType type, byte[] bytes) {
    }

    static final String PAGE = "index.html";
    private static final String DIRECTORY = "/writ/console/";
    private static final Map<String, ContentType> FILES = Map.of(
            PAGE, ContentTypes.TEXT_HTML_UTF8,
            "console.js", ContentTypes.parse("text/javascript; charset=UTF-8"),
            "console.css", ContentTypes.parse("text/css; charset=UTF-8"),
            "console.js.LEGAL.txt", ContentTypes.TEXT_PLAIN_UTF8);

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Every file of the page; a jar built without console-web's output fails here, at start. */
    static ConsoleAssets load() {
        Map<String, Asset> loaded = new LinkedHashMap<>();
        FILES.forEach((name, type) -> read(name).ifPresent(bytes -> loaded.put(name, new Asset(type, bytes))));
        for (String required : new String[] {PAGE, "console.js", "console.css"}) {
            if (!loaded.containsKey(required)) {
                throw new IllegalStateException(DIRECTORY + required + " is missing from the node's jar: build the"
                        + " console-web module (mvn -pl node -am) to bundle the console");
            }
        }
        return new ConsoleAssets(Map.copyOf(loaded));
    }

    Optional<Asset> get(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(DIRECTORY + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DIRECTORY + name, e);
        }
    }
}
