package dev.writ.protocol.identity;

import dev.writ.protocol.Fault;
import dev.writ.protocol.ProtocolException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM (RFC 7468) for certificates and CSRs: strict labels, strict base64, a size bound checked first. */
public final class Pem {
    public static final String CERTIFICATE = "CERTIFICATE";
    public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END ([A-Z0-9 ]+)-----");

    private Pem() {
    }

    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * Every block of {@code label} in the text, in order. Text longer than {@code maxChars} is
     * CERT_CHAIN_OVERSIZED before any parsing; no block, another label or bad base64 is CERT_MALFORMED.
     */
    public static List<byte[]> decodeAll(String text, String label, int maxChars) throws ProtocolException {
        if (text == null) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "no PEM text");
        }
        if (text.length() > maxChars) {
            throw new ProtocolException(Fault.CERT_CHAIN_OVERSIZED, "PEM text of " + text.length()
                    + " characters exceeds the bound of " + maxChars);
        }
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        int end = 0;
        while (m.find()) {
            if (!text.substring(end, m.start()).isBlank()) {
                throw new ProtocolException(Fault.CERT_MALFORMED, "text outside PEM blocks");
            }
            if (!m.group(1).equals(label) || !m.group(3).equals(label)) {
                throw new ProtocolException(Fault.CERT_MALFORMED, "expected PEM " + label + ", found " + m.group(1));
            }
            try {
                blocks.add(Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", "")));
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(Fault.CERT_MALFORMED, "bad base64 in PEM " + label);
            }
            end = m.end();
        }
        if (blocks.isEmpty() || !text.substring(end).isBlank()) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "no well-formed PEM " + label + " block");
        }
        return blocks;
    }

    /** Exactly one block of {@code label}. */
    public static byte[] decodeOne(String text, String label, int maxChars) throws ProtocolException {
        List<byte[]> blocks = decodeAll(text, label, maxChars);
        if (blocks.size() != 1) {
            throw new ProtocolException(Fault.CERT_MALFORMED, "expected one PEM " + label + ", found " + blocks.size());
        }
        return blocks.get(0);
    }
}
