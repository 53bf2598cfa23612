package dev.writ.protocol.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 server on a plain socket, for transport faults no real server produces on demand:
 * a connection closed after the request and before any answer, an answer cut short. One connection
 * at a time; each request is read whole (headers and Content-Length body), then {@link Reply}
 * writes what it will, and the connection is closed unless the reply keeps it open.
 */
public final class RawHttpServer implements AutoCloseable {
    /** What the server writes after reading the n-th request of a connection (from 1); true keeps the connection open. */
    public interface Reply {
        boolean write(OutputStream out, int requestOnConnection) throws IOException;
    }

    private final ServerSocket socket = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> loop;
    private volatile Socket current;

    public RawHttpServer(Reply reply) throws IOException {
        loop = CompletableFuture.runAsync(() -> serve(reply));
    }

    /** Closes every connection after reading its first request, answering nothing. */
    public static RawHttpServer closingBeforeAnswer() throws IOException {
        return new RawHttpServer((out, n) -> false);
    }

    /** Answers every request {@code status} with a JSON {@code body}, keeping the connection open. */
    public static RawHttpServer answering(int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new RawHttpServer((out, n) -> {
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            return true;
        });
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    /** The bodies of the requests read so far, in order. */
    public List<byte[]> bodies() {
        return List.copyOf(bodies);
    }

    private void serve(Reply reply) {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                current = connection;
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                for (int n = 1; readRequest(in); n++) {
                    if (!reply.write(out, n)) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // the test is over, or the client went away
            }
        }
    }

    /** Reads one request and keeps its body; false at the end of the stream. */
    private boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
        }
        int length = head.toString(StandardCharsets.US_ASCII).lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim())).findFirst().orElse(0);
        bodies.add(in.readNBytes(length));
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        Socket open = current;
        if (open != null) {
            open.close();
        }
        loop.join();
    }
}
