package dev.writ.node.siem;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * JSON lines appended to one file, forced to disk before a batch counts as delivered. When the file
 * has reached {@code maxBytes} it is renamed {@code <name>.1} (the older ones shift up) before the
 * next batch, and at most {@code keep} rotated files are kept: a batch is never split across files.
 */
final class RotatingFileSink implements EventSink {
    private final Path path;
    private final long maxBytes;
    private final int keep;

    RotatingFileSink(SiemSettings.FileSink settings) throws IOException {
        this.path = settings.path().toAbsolutePath();
        this.maxBytes = settings.maxBytes();
        this.keep = settings.keep();
        Files.createDirectories(path.getParent());
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public void deliver(List<String> lines) throws IOException {
        if (Files.exists(path) && Files.size(path) >= maxBytes) {
            rotate();
        }
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line).append('\n'));
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }
    }

    private void rotate() throws IOException {
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(path, rotated(1), StandardCopyOption.ATOMIC_MOVE);
    }

    private Path rotated(int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }
}
