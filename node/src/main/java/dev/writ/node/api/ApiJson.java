package dev.writ.node.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.writ.node.refusal.Refusal;
import dev.writ.node.refusal.RefusalCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The API's JSON: the proto3 JSON mapping, strict on the way in (unknown fields and malformed
 * values are refused, never ignored), compact on the way out.
 */
public final class ApiJson {
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ApiJson() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends Message> T parse(byte[] body, Message.Builder builder, String what) throws Refusal {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Refusal(RefusalCode.MALFORMED, "", "the body of a " + what + " is not UTF-8");
        }
        if (text.isBlank() || text.strip().charAt(0) != '{') {
            throw new Refusal(RefusalCode.MALFORMED, "", "the body of a " + what + " must be a JSON object");
        }
        try {
            PARSER.merge(text, builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            RefusalCode code = message.startsWith("Cannot find field") ? RefusalCode.UNKNOWN_FIELD : RefusalCode.MALFORMED;
            throw new Refusal(code, "", "not a valid " + what + ": " + message);
        }
        return (T) builder.build();
    }

    public static byte[] print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a message of ours cannot be printed as JSON", e);
        }
    }
}
