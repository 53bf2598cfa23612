package dev.writ.protocol.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files that hold secrets (private keys, key stores): created readable by their owner only from
 * the first byte — never written with the umask's permissions and narrowed afterwards, which
 * leaves a window in which others can read them. On a file system without POSIX permissions the
 * directory's protection is all there is.
 */
public final class SecretFiles {
    private SecretFiles() {
    }

    /** A new secret file; an existing one is never overwritten ({@link FileAlreadyExistsException}). */
    public static void create(Path file, String text) throws IOException {
        Files.createFile(file, ownerOnly());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /**
     * Writes the secret beside {@code file}, then moves it over it in one step: a reader (a node
     * reloading its key store) never sees half a file, and never a file others could read.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, ownerOnly());
        Files.write(tmp, content);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@link #replace(Path, byte[])} for text. */
    public static void replace(Path file, String text) throws IOException {
        replace(file, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
