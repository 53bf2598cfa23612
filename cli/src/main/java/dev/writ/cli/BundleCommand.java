package dev.writ.cli;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.bundle.BundleFiles;
import dev.writ.protocol.client.WritRefusedException;
import dev.writ.protocol.wire.ProofBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `writ bundle <jti>`: the writ's proof bundle (GET /v1/bundles/{jti}), in the JSON `writ verify` reads. */
@Command(name = "bundle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetch a writ's proof bundle, to check offline with `writ verify`.",
                "Without --out the bundle itself is printed (JSON). Reads are the operator's: sign with --operator and"
                        + " --operator-key; a bundle is served once its writ is redeemed, expired or revoked."},
        footer = ClientExit.TABLE)
final class BundleCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "<jti>", description = "the writ's id")
    private String jti;

    @Mixin
    private OperatorOptions operator;

    @Option(names = "--out", paramLabel = "<file>", description = "write the bundle here (JSON) instead of printing it")
    private Path out;

    @Override
    public ClientOutput.Answer run() throws WritRefusedException, IOException, ClientOutput.Failure, ProtocolException {
        ProofBundle bundle = operator.sign(node()).build().bundle(jti);
        if (out == null) {
            return new ClientOutput.Answer(ClientExit.OK, BundleFiles.toJson(bundle), ClientOutput.json(bundle));
        }
        BundleFiles.writeJson(bundle, out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("outcome", "WRITTEN");
        json.put("jti", jti);
        json.put("file", out.toString());
        json.put("records", bundle.getItemsCount());
        json.put("anchors", bundle.getAnchorsCount());
        return new ClientOutput.Answer(ClientExit.OK, "wrote the bundle of writ " + jti + " (" + bundle.getItemsCount()
                + " records, " + bundle.getAnchorsCount() + " anchors) to " + out + "; check it with: writ verify "
                + out, json);
    }
}
