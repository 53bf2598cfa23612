package dev.writ.protocol.writ;

import java.time.Instant;
import java.util.Map;

/** Claims for tests: a plausible writ of domain "acme" valid for 60 s from {@code start}. */
public final class WritFixtures {
    public static final String DOMAIN = "acme";
    private static final String HASH = "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU";

    private WritFixtures() {
    }

    public static WritClaims claims(String jti, Instant start) {
        return new WritClaims(
                "spiffe://acme/agent/procurement-01",
                "erp-api",
                new WritClaims.Action("create_po", "erp-api", Map.of("amount", "5000", "vendor", "vendor-y"), "internal"),
                new WritClaims.Policy("0x5FbDB2315678afecb367f032d93F642f64180aa3", 3, 1234, HASH),
                HASH,
                start,
                start,
                start.plusSeconds(60),
                jti,
                new WritClaims.Context("session-7", "plan-1", "", 20, "confidential"),
                DOMAIN,
                HASH,
                4);
    }
}
