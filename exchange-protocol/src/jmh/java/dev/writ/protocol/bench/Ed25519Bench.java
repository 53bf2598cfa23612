package dev.writ.protocol.bench;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.SignaturePurpose;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.crypto.VerifyingKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Raw Ed25519 over the same message: the library's keys (BouncyCastle's lightweight API) against
 * the JDK's own {@code Signature.getInstance("Ed25519")} (SunEC). The library signs with
 * {@link SignaturePurpose#JOSE}, which adds no label, so both sides sign exactly the same bytes.
 * The JDK side reuses one initialised {@link Signature} per key (its best case; a fresh
 * {@code getInstance} per call would only add a provider lookup).
 *
 * <p>Run twice by its subclasses: {@link Throughput} in ops/s and {@link Latency} in µs/op.
 */
@State(Scope.Thread)
public abstract class Ed25519Bench {
    /** Bytes signed: about a writ's JWS signing input (903 bytes for the fixture writ). */
    @Param({"1024"})
    public int messageBytes;

    private byte[] message;
    private SigningKey bcKey;
    private VerifyingKey bcVerifyingKey;
    private byte[] bcSignature;
    private Signature jdkSigner;
    private Signature jdkVerifier;
    private byte[] jdkSignature;

    @Setup
    public void setup() throws GeneralSecurityException, ProtocolException {
        message = BenchFixtures.bytes(25519, messageBytes);
        bcKey = SigningKey.generate();
        bcVerifyingKey = bcKey.verifyingKey();
        bcSignature = bcKey.sign(SignaturePurpose.JOSE, message);
        bcVerifyingKey.verify(SignaturePurpose.JOSE, message, bcSignature);

        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        jdkSigner = Signature.getInstance("Ed25519");
        jdkSigner.initSign(pair.getPrivate());
        jdkVerifier = Signature.getInstance("Ed25519");
        jdkVerifier.initVerify(pair.getPublic());
        jdkSignature = jdkSign();
        if (!jdkVerify()) {
            throw new IllegalStateException("the JDK's Ed25519 refused its own signature");
        }
    }

    @Benchmark
    public byte[] bcSign() {
        return bcKey.sign(SignaturePurpose.JOSE, message);
    }

    @Benchmark
    public VerifyingKey bcVerify() throws ProtocolException {
        bcVerifyingKey.verify(SignaturePurpose.JOSE, message, bcSignature);
        return bcVerifyingKey;
    }

    @Benchmark
    public byte[] jdkSign() throws GeneralSecurityException {
        jdkSigner.update(message);
        return jdkSigner.sign();
    }

    @Benchmark
    public boolean jdkVerify() throws GeneralSecurityException {
        jdkVerifier.update(message);
        return jdkVerifier.verify(jdkSignature);
    }

    /** The same benchmarks as operations per second. */
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public static class Throughput extends Ed25519Bench {
    }

    /** The same benchmarks as mean time per operation. */
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public static class Latency extends Ed25519Bench {
    }
}
