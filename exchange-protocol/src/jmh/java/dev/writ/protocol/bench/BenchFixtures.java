package dev.writ.protocol.bench;

import dev.writ.protocol.writ.WritClaims;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Inputs shared by the benchmarks. The claims have the shape of the tests' {@code WritFixtures}
 * (copied, so the benchmarks do not depend on test sources): a plausible writ of domain "acme",
 * valid for 60 s from {@link #START}.
 */
final class BenchFixtures {
    static final String DOMAIN = "acme";
    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");
    /** A moment inside the fixture writ's window. */
    static final Instant NOW = START.plusSeconds(1);
    private static final String HASH = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";

    private BenchFixtures() {
    }

    static WritClaims claims(String jti) {
        return new WritClaims(
                "spiffe://acme/agent/procurement-01",
                "erp-api",
                new WritClaims.Action("create_po", "erp-api", Map.of("amount", "5000", "vendor", "vendor-y"), "internal"),
                new WritClaims.Policy("0x5FbDB2315678afecb367f032d93F642f64180aa3", 3, 1234, HASH),
                HASH,
                START,
                START,
                START.plusSeconds(60),
                jti,
                new WritClaims.Context("session-7", "plan-1", "", 20, "confidential"),
                DOMAIN,
                HASH,
                4);
    }

    /** Deterministic pseudo-random bytes, so every run measures the same inputs. */
    static byte[] bytes(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[length];
        for (int i = 0; i < length; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < length; j++) {
                out[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return out;
    }
}
