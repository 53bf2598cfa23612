package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyEncoding;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.identity.AgentCsr;
import dev.writ.protocol.identity.SpiffeId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `writ ca csr`: the agent side, a new Ed25519 key and a CSR signed with it (the proof of possession). */
@Command(name = "csr", mixinStandardHelpOptions = true,
        description = {"Generate an agent key and a certificate signing request for it.",
                "The key is written owner-read-only and never leaves the agent; send only the CSR."})
final class CaCsrCommand extends CaStep {
    @Mixin
    private AgentIdentityOptions agent;

    @Option(names = "--key-out", required = true, paramLabel = "<file>", description = "where to write the new private key")
    private Path keyOut;

    @Option(names = "--out", required = true, paramLabel = "<file>", description = "where to write the CSR (PEM)")
    private Path out;

    @Override
    public void run(PrintWriter console) throws CaOutput.Refused, ProtocolException, IOException, InterruptedException {
        SpiffeId id = agent.id();
        byte[] hash = agent.modelHash();
        SigningKey key = SigningKey.generate();
        String csr = AgentCsr.createPem(key, id, hash);
        CaOutput.writeOwnerOnly(keyOut, KeyEncoding.toPem(key));
        Files.writeString(out, csr);
        console.println("wrote a CSR for " + id + " (key " + key.id() + ") to " + out);
    }
}
