package dev.writ.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNewSecretIsReadableByItsOwnerOnlyAndNeverOverwritten() throws Exception {
        Path key = dir.resolve("operator.key");
        SecretFiles.create(key, "secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo("secret");
        assertThatThrownBy(() -> SecretFiles.create(key, "other")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(key)).isEqualTo("secret");
    }

    @Test
    void aReplacedSecretStaysOwnerOnlyAndLeavesNoTemporaryFile() throws Exception {
        Path store = dir.resolve("node.p12");
        Files.writeString(store, "old");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));
        SecretFiles.replace(store, new byte[] {1, 2, 3});
        assertThat(Files.readAllBytes(store)).containsExactly(1, 2, 3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("node.p12");
        }
    }
}
