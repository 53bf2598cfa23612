package dev.writ.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;

/** An Ethereum wallet key read from a file of hex (the domain admin's): the file is named in errors, never the key. */
final class WalletKey {
    private static final Pattern HEX = Pattern.compile("(0x)?[0-9a-fA-F]{64}");

    private WalletKey() {
    }

    static Credentials read(Path file) throws IOException, CaOutput.Refused {
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!HEX.matcher(hex).matches()) {
            throw new CaOutput.Refused("MALFORMED", file + " must hold 32 bytes of hex, optionally 0x-prefixed");
        }
        return Credentials.create(hex);
    }
}
