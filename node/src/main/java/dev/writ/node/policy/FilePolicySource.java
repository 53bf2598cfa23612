package dev.writ.node.policy;

import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import dev.writ.policy.PolicyFiles;
import dev.writ.policy.PolicyFormatException;
import dev.writ.policy.PolicySet;
import dev.writ.policy.PolicySnapshot;
import dev.writ.protocol.wire.PolicyEpoch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A policy read from a HOCON file ({@link PolicyFiles} format), for development and for domains
 * without a chain. The file is parsed at construction (a broken file there throws: a node must not
 * start without policy) and re-read when its modification time or size changes, looked at no more
 * often than every {@code checkIntervalMillis}.
 *
 * <p>A new file is accepted only when it parses, is for the same domain and carries a higher
 * version — or the same version with identical rules (a touch). Otherwise the last good snapshot
 * stays in force and {@link #lastError()} says why, until a good file replaces it; the health check
 * should report that as DEGRADED. The epoch of a file policy is ("file:" + file name, version, block
 * 0, rules hash).
 */
public final class FilePolicySource implements PolicySource {
    private static final Logger log = LoggerFactory.getLogger(FilePolicySource.class);

    private final Path file;
    private final PollSchedule schedule;

    private volatile PolicySnapshot snapshot;
    private volatile Optional<String> lastError = Optional.empty();
    private FileStamp seen;

    public FilePolicySource(Path file, long checkIntervalMillis) throws PolicyUnavailableException {
        this(file, checkIntervalMillis, System::nanoTime);
    }

    /** With an explicit monotonic clock (nanoseconds), so tests control when the file is looked at. */
    public FilePolicySource(Path file, long checkIntervalMillis, LongSupplier nanoClock) throws PolicyUnavailableException {
        this.file = Objects.requireNonNull(file, "file");
        try {
            FileStamp stamp = FileStamp.of(file);
            this.snapshot = read(file);
            this.seen = stamp;
        } catch (IOException e) {
            throw new PolicyUnavailableException("policy file " + file + " cannot be read: " + e, e);
        } catch (PolicyFormatException e) {
            throw new PolicyUnavailableException("policy file " + file + " is invalid: " + e.getMessage(), e);
        }
        this.schedule = new PollSchedule(Duration.ofMillis(checkIntervalMillis), nanoClock, false);
        log.info("Policy {} v{} loaded from {} (rules hash {})", snapshot.set().domain(), snapshot.set().version(),
                file, snapshot.set().rulesHashHex());
    }

    @Override
    public PolicySnapshot current() {
        return snapshot;
    }

    /**
     * Why the last changed file was not taken into force; empty while the file in force is the
     * newest (as of the last {@link #poll}).
     */
    @Override
    public Optional<String> lastError() {
        return lastError;
    }

    @Override
    public Duration checkInterval() {
        return schedule.interval();
    }

    @Override
    public void poll() {
        schedule.runIfDue(this::refresh);
    }

    public Path file() {
        return file;
    }

    private void refresh() {
        FileStamp stamp;
        try {
            stamp = FileStamp.of(file);
        } catch (IOException e) {
            reject("policy file " + file + " cannot be read: " + e + "; keeping v" + snapshot.set().version());
            seen = null; // look again next time, whatever the stamp then
            return;
        }
        if (stamp.equals(seen)) {
            return;
        }
        seen = stamp;
        PolicySnapshot next;
        try {
            next = read(file);
        } catch (IOException e) {
            reject("policy file " + file + " cannot be read: " + e + "; keeping v" + snapshot.set().version());
            seen = null;
            return;
        } catch (PolicyFormatException e) {
            reject("policy file " + file + " is invalid: " + e.getMessage() + "; keeping v" + snapshot.set().version());
            return;
        }
        PolicySet current = snapshot.set();
        PolicySet candidate = next.set();
        if (!candidate.domain().equals(current.domain())) {
            reject("policy file " + file + " is for domain " + candidate.domain() + ", not " + current.domain()
                    + "; keeping v" + current.version());
        } else if (candidate.version() < current.version()) {
            reject("policy file " + file + " has version " + candidate.version() + ", older than v" + current.version()
                    + " in force; keeping v" + current.version());
        } else if (candidate.version() == current.version()) {
            if (Arrays.equals(candidate.rulesHash(), current.rulesHash())) {
                lastError = Optional.empty();
            } else {
                reject("policy file " + file + " changed the rules of v" + current.version()
                        + " without a new version; keeping the rules in force");
            }
        } else {
            snapshot = next;
            lastError = Optional.empty();
            log.info("Policy {} v{} loaded from {} (was v{}; rules hash {})", candidate.domain(), candidate.version(),
                    file, current.version(), candidate.rulesHashHex());
        }
    }

    private void reject(String message) {
        if (!lastError.equals(Optional.of(message))) {
            log.warn("{}; fix the file to load a new policy", message);
        }
        lastError = Optional.of(message);
    }

    private static PolicySnapshot read(Path file) throws IOException, PolicyFormatException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        PolicySet set;
        try {
            set = PolicyFiles.parse(ConfigFactory.parseString(text,
                    ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(file.getFileName().toString())
                            .setAllowMissing(false)).resolve());
        } catch (ConfigException e) {
            throw new PolicyFormatException(e.getMessage(), e);
        }
        PolicyEpoch epoch = PolicyEpoch.newBuilder()
                .setContractAddress("file:" + file.getFileName())
                .setVersion(set.version())
                .setBlockNumber(0)
                .setRulesHash(ByteString.copyFrom(set.rulesHash()))
                .build();
        return new PolicySnapshot(set, epoch);
    }

    private record FileStamp(FileTime modified, long size) {
        static FileStamp of(Path file) throws IOException {
            return new FileStamp(Files.getLastModifiedTime(file), Files.size(file));
        }
    }
}
