package dev.writ.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.client.PepRefusal;
import dev.writ.protocol.client.WritClientException;
import dev.writ.protocol.client.WritRefusedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the client commands run: one step against the node that answers an exit code, a text for
 * people and a JSON object for scripts; every failure becomes one line (text, on stderr) or one
 * object (json, on stdout) with a stable code and its {@link ClientExit} code. A node's refusal
 * (certain) and no usable answer (unknown: a redemption may have happened) stay apart, as in the
 * Java client (dev.writ.protocol.client).
 */
final class ClientOutput {
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ClientOutput() {
    }

    /** A command's answer: its exit code, and the same facts for people and for scripts. */
    record Answer(int exit, String text, Map<String, Object> json) {
    }

    /** What a client command does. */
    @FunctionalInterface
    interface Step {
        Answer run() throws Failure, WritRefusedException, PepRefusal, ProtocolException, IOException;
    }

    /** A failure the command names itself, with its stable code and exit code. */
    static final class Failure extends Exception {
        private final int exit;
        private final String code;

        private Failure(int exit, String code, String detail) {
            super(detail, null, false, false);
            this.exit = exit;
            this.code = code;
        }
    }

    /** Bad input: nothing was sent. */
    static Failure usage(String code, String detail) {
        return new Failure(ClientExit.USAGE, code, detail);
    }

    /** A refusal decided here, before or after the node (e.g. an answer that carries no writ). */
    static Failure refused(String code, String detail) {
        return new Failure(ClientExit.REFUSED, code, detail);
    }

    static int run(CommandSpec spec, OutputOptions output, Step step) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Answer answer = step.run();
            out.println(output.json() ? JSONObjectUtils.toJSONString(answer.json()) : answer.text());
            out.flush();
            return answer.exit();
        } catch (Failure e) {
            return failed(output, out, err, e.exit, e.code, e.getMessage(), Map.of());
        } catch (WritRefusedException e) {
            return failed(output, out, err, ClientExit.REFUSED, e.code(), e.detail(), Map.of("httpStatus", e.status()));
        } catch (PepRefusal e) {
            // The stage says whether the node saw the writ; RECEIPT: it may be spent, and nothing may execute.
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("stage", e.stage().name());
            e.problem().ifPresent(problem -> extra.put("httpStatus", problem.getStatus()));
            String detail = e.problem().map(problem -> problem.getDetail()).orElse(e.detail());
            return failed(output, out, err, ClientExit.REFUSED, e.code(), e.stage() + ": " + detail, extra);
        } catch (WritClientException e) {
            return failed(output, out, err, ClientExit.UNREACHABLE, "NO_ANSWER", e.getMessage()
                    + " (the outcome is unknown)", Map.of());
        } catch (ProtocolException e) {
            return failed(output, out, err, ClientExit.USAGE, e.fault().name(), e.detail(), Map.of());
        } catch (IllegalArgumentException e) {
            return failed(output, out, err, ClientExit.USAGE, "MALFORMED", e.getMessage(), Map.of());
        } catch (IOException e) {
            return failed(output, out, err, ClientExit.USAGE, "UNREADABLE", e.getClass().getSimpleName() + ": "
                    + e.getMessage(), Map.of());
        }
    }

    /** A message as the proto3 JSON mapping of api.proto (the HTTP API's own JSON), as a JSON object. */
    static Map<String, Object> json(MessageOrBuilder message) {
        try {
            return JSONObjectUtils.parse(PRINTER.print(message));
        } catch (InvalidProtocolBufferException | ParseException e) {
            throw new IllegalStateException("a message of ours always prints as JSON", e);
        }
    }

    private static int failed(OutputOptions output, PrintWriter out, PrintWriter err, int exit, String code,
                              String detail, Map<String, Object> extra) {
        String outcome = exit == ClientExit.REFUSED ? "REFUSED" : exit == ClientExit.UNREACHABLE ? "UNREACHABLE" : "USAGE";
        if (output.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("outcome", outcome);
            json.put("code", code);
            json.put("detail", detail);
            json.putAll(extra);
            out.println(JSONObjectUtils.toJSONString(json));
            out.flush();
        } else {
            err.println(outcome + ": " + code + ": " + detail);
            err.flush();
        }
        return exit;
    }
}
