package dev.writ.protocol.bundle;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.io.IOException;
import java.io.StringReader;

/**
 * A JSON bundle must be one strict JSON (RFC 8259) object and nothing after it, as writ-verify
 * reads it. protobuf's JsonFormat parses through Gson in lenient mode (text after the object,
 * comments, unquoted names, single quotes, NaN), and recursively, so the text is walked here first,
 * strictly and iteratively, with its nesting bounded.
 */
final class StrictJson {
    /** Far deeper than a bundle nests (four levels), far shallower than a recursive parser's stack. */
    static final int MAX_DEPTH = 32;

    private StrictJson() {
    }

    /** Answers when {@code text} is exactly one strict JSON object nested at most {@link #MAX_DEPTH} deep. */
    static void require(String text) throws ProtocolException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setLenient(false);
        try {
            int depth = 0;
            do {
                JsonToken token = reader.peek();
                switch (token) {
                    case BEGIN_OBJECT -> { reader.beginObject(); depth++; }
                    case END_OBJECT -> { reader.endObject(); depth--; }
                    case BEGIN_ARRAY -> { reader.beginArray(); depth++; }
                    case END_ARRAY -> { reader.endArray(); depth--; }
                    case NAME -> reader.nextName();
                    case STRING, NUMBER -> reader.nextString();
                    case BOOLEAN -> reader.nextBoolean();
                    case NULL -> reader.nextNull();
                    case END_DOCUMENT -> throw malformed("the text ends inside the bundle object");
                }
                if (depth > MAX_DEPTH) {
                    throw malformed("nested deeper than " + MAX_DEPTH + " levels");
                }
            } while (depth > 0);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw malformed(e.getMessage());
        }
        try {
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw malformed("text after the bundle object");
            }
        } catch (IOException e) {
            throw malformed("text after the bundle object");
        }
    }

    private static ProtocolException malformed(String detail) {
        return new ProtocolException(Fault.MALFORMED, "not a strict JSON proof bundle: " + detail);
    }
}
