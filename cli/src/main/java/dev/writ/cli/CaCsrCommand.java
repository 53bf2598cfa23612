package dev.writ.cli;

import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.SpiffeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** `writ ca csr`: the agent side, a new Ed25519 key and a CSR signed with it (the proof of possession). */
@Command(name = "csr", mixinStandardHelpOptions = true,
        description = {"Generate an agent key and a certificate signing request for it.",
                "The key is written owner-read-only and never leaves the agent; send only the CSR."})
final class CaCsrCommand implements Callable<Integer> {
    @Option(names = "--agent", required = true, description = "the agent's SPIFFE id, spiffe://<domain>/agent/<name>")
    private String agent;

    @Option(names = "--model-hash", required = true, description = "SHA-256 of the agent's model (64 hex digits)")
    private String modelHash;

    @Option(names = "--key-out", required = true, paramLabel = "<file>", description = "where to write the new private key")
    private Path keyOut;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "where to write the CSR (PEM)")
    private Path out;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CaOutput.run(spec, console -> {
            SpiffeId id = SpiffeId.parse(agent);
            byte[] hash;
            try {
                hash = HexFormat.of().parseHex(modelHash);
            } catch (IllegalArgumentException e) {
                throw new CaOutput.Refused("CERT_MALFORMED", "--model-hash is not hex");
            }
            SigningKey key = SigningKey.generate();
            String csr = AgentCsr.createPem(key, id, hash);
            CaOutput.writeOwnerOnly(keyOut, KeyEncoding.toPem(key));
            Files.writeString(out, csr);
            console.println("wrote a CSR for " + id + " (key " + key.id() + ") to " + out);
        });
    }
}
