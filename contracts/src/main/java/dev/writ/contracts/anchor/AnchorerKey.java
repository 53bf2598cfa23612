package dev.writ.contracts.anchor;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The domain's anchorer wallet: a secp256k1 private key, checked once where it is read (32 bytes of
 * hex, optionally 0x-prefixed, in 1..n-1 of the curve's order n) and never printed: errors and
 * {@link #toString()} name the wallet's address or the file, never the key.
 */
public final class AnchorerKey {
    private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
    private static final BigInteger ORDER = Sign.CURVE_PARAMS.getN();
    private static final String SHAPE = "32 bytes of hex, optionally 0x-prefixed (a secp256k1 private key)";

    private final Credentials credentials;

    private AnchorerKey(Credentials credentials) {
        this.credentials = credentials;
    }

    /** The key from its hex, exactly as configured (no surrounding whitespace). */
    public static AnchorerKey parse(String hex) {
        return of(hex, "the anchorer key");
    }

    /** The key from a file holding one line of hex (surrounding whitespace, e.g. the final newline, is ignored). */
    public static AnchorerKey read(Path file) {
        String hex;
        try {
            hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            // the exception's own message can only name the file or the failure, never the content
            throw new IllegalStateException("cannot read the anchorer key file " + file + ": " + e, e);
        }
        return of(hex, "the anchorer key in " + file);
    }

    private static AnchorerKey of(String hex, String what) {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException(what + " must be " + SHAPE);
        }
        BigInteger secret = Numeric.toBigInt(hex);
        if (secret.signum() == 0 || secret.compareTo(ORDER) >= 0) {
            throw new IllegalArgumentException(what + " is not a secp256k1 private key: it must be at least 1 and below "
                    + "the curve's order");
        }
        return new AnchorerKey(Credentials.create(ECKeyPair.create(secret)));
    }

    /** The wallet that signs anchoring transactions, for {@link AnchorChain#connect}. */
    public Credentials credentials() {
        return credentials;
    }

    /** The wallet's address (0x-prefixed, lower case): public, safe to log. */
    public String address() {
        return credentials.getAddress();
    }

    @Override
    public String toString() {
        return "AnchorerKey[" + address() + "]";
    }
}
