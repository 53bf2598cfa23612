package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.identity.SpiffeId;
import java.util.HexFormat;
import picocli.CommandLine.Option;

/** An agent as the commands that register, enrol or certify it name it: its SPIFFE id and its model hash. */
final class AgentIdentityOptions {
    @Option(names = "--agent", required = true, description = "the agent's SPIFFE id, spiffe://<domain>/agent/<name>")
    private String agent;

    @Option(names = "--model-hash", required = true, description = "SHA-256 of the agent's model (64 hex digits)")
    private String modelHash;

    SpiffeId id() throws ProtocolException {
        return SpiffeId.parse(agent);
    }

    /** The model hash: 64 hex digits, else MALFORMED. */
    byte[] modelHash() throws CaOutput.Refused {
        try {
            byte[] hash = HexFormat.of().parseHex(modelHash);
            if (hash.length == 32) {
                return hash;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new CaOutput.Refused("MALFORMED", "--model-hash must be 64 hex digits");
    }
}
