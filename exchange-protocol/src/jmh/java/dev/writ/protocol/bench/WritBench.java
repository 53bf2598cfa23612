package dev.writ.protocol.bench;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.writ.Writ;
import dev.writ.protocol.writ.WritClaims;
import dev.writ.protocol.writ.WritIssuer;
import dev.writ.protocol.writ.WritVerifier;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Minting and checking one writ (compact JWS, EdDSA over the JSON claims): the signing cost inside
 * admission and the checking cost inside redemption and at an enforcement point.
 *
 * <p>Run twice by its subclasses: {@link Throughput} in ops/s and {@link Latency} in µs/op.
 */
@State(Scope.Benchmark)
public abstract class WritBench {
    private WritIssuer issuer;
    private WritVerifier verifier;
    private WritClaims claims;
    private String compact;

    @Setup
    public void setup() throws ProtocolException {
        SigningKey key = SigningKey.generate();
        issuer = new WritIssuer(key);
        verifier = new WritVerifier(KeyRing.of(BenchFixtures.DOMAIN, key.verifyingKey()), Duration.ofSeconds(5));
        claims = BenchFixtures.claims("01JDBENCH0000000000000000");
        compact = issuer.issue(claims).compact();
        verifier.verify(compact, BenchFixtures.NOW); // fail fast if the fixture is not a valid writ
    }

    /** Claims to JSON, JWS signing input, Ed25519 signature, compact serialization. */
    @Benchmark
    public Writ issue() {
        return issuer.issue(claims);
    }

    /** Header checks, key lookup, signature, claims parse and the validity window. */
    @Benchmark
    public Writ verify() throws ProtocolException {
        return verifier.verify(compact, BenchFixtures.NOW);
    }

    /** As {@link #verify()} without the validity window (the audit path). */
    @Benchmark
    public Writ authenticate() throws ProtocolException {
        return verifier.authenticate(compact);
    }

    /** The same benchmarks as operations per second. */
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public static class Throughput extends WritBench {
    }

    /** The same benchmarks as mean time per operation. */
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public static class Latency extends WritBench {
    }
}
