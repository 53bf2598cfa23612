package dev.writ.cli;

import dev.writ.protocol.wire.Action;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * An action from a JSON file (the proto3 JSON of {@code Action}: target, operation, parameters,
 * classification) and/or flags, which override the file: what `writ propose` asks for and what
 * `writ redeem` is about to execute.
 */
final class ActionOptions {
    @Option(names = {"-f", "--file"}, paramLabel = "<file>",
            description = "the action as JSON ({\"target\",\"operation\",\"parameters\":{..},\"classification\"}), - for stdin")
    private String file;

    @Option(names = "--target", description = "e.g. payments-api")
    private String target;

    @Option(names = "--operation", description = "e.g. transfer")
    private String operation;

    @Option(names = {"-p", "--param"}, paramLabel = "<name=value>",
            description = "a parameter (repeatable), e.g. -p amount=25 -p currency=EUR")
    private Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--classification", description = "the data classification of what the action touches, e.g. internal")
    private String classification;

    /** Whether this action is read from stdin (which only one input of a command can be). */
    boolean fromStdin() {
        return ClientInput.STDIN.equals(file);
    }

    Action action() throws ClientOutput.Failure, IOException {
        Action.Builder action = Action.newBuilder();
        if (file != null) {
            ClientInput.json(ClientInput.read(file, "the action"), action, "the action in " + file);
        }
        if (target != null) {
            action.setTarget(target);
        }
        if (operation != null) {
            action.setOperation(operation);
        }
        action.putAllParameters(parameters);
        if (classification != null) {
            action.setClassification(classification);
        }
        if (action.getTarget().isBlank() || action.getOperation().isBlank()) {
            throw ClientOutput.usage("MISSING_ACTION", "an action needs a target and an operation"
                    + " (--file <action.json>, or --target and --operation)");
        }
        return action.build();
    }
}
