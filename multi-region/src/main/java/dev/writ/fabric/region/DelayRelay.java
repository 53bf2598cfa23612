package dev.writ.fabric.region;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cross-region link on one machine: a TCP relay that forwards each direction of every connection
 * after a fixed one-way delay, since {@code tc netem} is not available here (docs/regions.md). Bytes
 * keep their order; a chunk read at {@code t} is written at {@code t + delay} or later. Each
 * direction holds at most {@link #MAX_CHUNKS_IN_FLIGHT} chunks, so a slow reader slows its writer
 * instead of growing a buffer. {@link #cut} severs the link (open connections closed, new ones
 * closed at once) until {@link #heal}: a region partition.
 */
public final class DelayRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DelayRelay.class);
    static final int MAX_CHUNKS_IN_FLIGHT = 256;
    private static final int CHUNK_BYTES = 16 * 1024;

    private final String name;
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private volatile long delayNanos;
    private volatile boolean cut;
    private volatile boolean closed;

    private DelayRelay(String name, ServerSocket server, InetSocketAddress target, Duration oneWay) {
        this.name = name;
        this.server = server;
        this.target = target;
        this.delayNanos = oneWay.toNanos();
    }

    /** Listens on a free loopback port and relays every connection to {@code target}, {@code oneWay} late in each direction. */
    public static DelayRelay start(String name, InetSocketAddress target, Duration oneWay) throws IOException {
        return start(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), target, oneWay);
    }

    /**
     * Listens on {@code listen} (port 0: a free one) and relays every connection to {@code target}:
     * a region's own address for a node in another region ({@link RegionLinks}).
     */
    public static DelayRelay start(String name, InetSocketAddress listen, InetSocketAddress target, Duration oneWay)
            throws IOException {
        if (oneWay.isNegative()) {
            throw new IllegalArgumentException("a delay is zero or more, got " + oneWay);
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen, 64);
        DelayRelay relay = new DelayRelay(name, server, target, oneWay);
        daemon(name + "-accept", relay::acceptLoop).start();
        LOG.info("Relay {} on {} -> {}, {} ms each way", name, server.getLocalPort(), target, oneWay.toMillis());
        return relay;
    }

    /** How many connections the relay has accepted and let through: shows a link is really relayed. */
    public long connections() {
        return connections.get();
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Changes the one-way delay for bytes read from now on (those in flight keep theirs). */
    public void delay(Duration oneWay) {
        delayNanos = oneWay.toNanos();
    }

    /** Severs the link: every open connection is closed, and new ones are closed on arrival. */
    public void cut() {
        cut = true;
        open.forEach(DelayRelay::closeQuietly);
        LOG.info("Relay {} cut", name);
    }

    /** Lets connections through again after {@link #cut}. */
    public void heal() {
        cut = false;
        LOG.info("Relay {} healed", name);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        open.forEach(DelayRelay::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Relay {} stopped accepting: {}", name, e.getMessage());
                }
                return;
            }
            if (cut) {
                closeQuietly(client);
                continue;
            }
            daemon(name + "-connect", () -> connect(client)).start();
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 5_000);
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
        } catch (IOException e) {
            LOG.debug("Relay {} could not reach {}: {}", name, target, e.getMessage());
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        connections.incrementAndGet();
        pump(client, upstream, "up");
        pump(upstream, client, "down");
    }

    /** One direction: a reader stamps chunks with their due time, a writer sends each when due. */
    private void pump(Socket from, Socket to, String direction) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(MAX_CHUNKS_IN_FLIGHT);
        daemon(name + "-" + direction + "-read", () -> read(from, to, queue)).start();
        daemon(name + "-" + direction + "-write", () -> write(from, to, queue)).start();
    }

    private void read(Socket from, Socket to, BlockingQueue<Chunk> queue) {
        long lastDue = 0;
        try (InputStream in = from.getInputStream()) {
            byte[] buffer = new byte[CHUNK_BYTES];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                lastDue = Math.max(lastDue, System.nanoTime() + delayNanos);
                queue.put(new Chunk(Arrays.copyOf(buffer, n), lastDue));
            }
            queue.put(Chunk.END);
        } catch (IOException e) {
            end(from, to, queue);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end(from, to, queue);
        }
    }

    private void write(Socket from, Socket to, BlockingQueue<Chunk> queue) {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == Chunk.END) {
                    break;
                }
                long wait = chunk.due() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("Relay {} write ended: {}", name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            forget(from);
            forget(to);
        }
    }

    private void end(Socket from, Socket to, BlockingQueue<Chunk> queue) {
        forget(from);
        forget(to);
        queue.clear();
        queue.offer(Chunk.END);
    }

    private void forget(Socket socket) {
        open.remove(socket);
        closeQuietly(socket);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing a socket that is already gone
        }
    }

    /** Bytes read at one moment and the moment they may be written. */
    private record Chunk(byte[] bytes, long due) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }
}
