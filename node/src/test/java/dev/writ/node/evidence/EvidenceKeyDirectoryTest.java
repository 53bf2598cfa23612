package dev.writ.node.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.writ.protocol.ProtocolException;
import dev.writ.protocol.crypto.KeyRing;
import dev.writ.protocol.crypto.SigningKey;
import dev.writ.protocol.evidence.ChainHead;
import dev.writ.protocol.evidence.EvidenceRecords;
import dev.writ.protocol.evidence.VerifiedRecord;
import dev.writ.protocol.wire.EvidenceKind;
import java.nio.file.Path;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceKeyDirectoryTest {
    @TempDir
    Path dir;

    KeyDirectory directory;
    final SigningKey n1 = SigningKey.generate();
    final SigningKey n2 = SigningKey.generate();

    @BeforeEach
    void openDirectory() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("keys").toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
        directory = new KeyDirectory(dataSource, Dialect.H2, new MutableClock(5_000));
        directory.createSchema();
    }

    @Test
    void aRecordSignedByOneNodeVerifiesOnAnotherThroughTheDirectory() throws ProtocolException {
        directory.register("acme", "n1", n1.verifyingKey(), "evidence");
        directory.register("acme", "n2", n2.verifyingKey(), "evidence");
        VerifiedRecord sealed = EvidenceRecords.seal(n1, "n1", ChainHead.genesis("acme", "n1-0"),
                EvidenceKind.ISSUANCE, "jti-1", new byte[32], 1L);

        KeyRing ring = directory.ring("acme");
        assertThat(ring.entries()).hasSize(2);
        assertThat(EvidenceRecords.open(sealed.record(), ring).hash()).isEqualTo(sealed.hash());
        assertThat(directory.find("acme", n1.id())).contains(n1.verifyingKey());
    }

    @Test
    void registeringTheSameKeyAgainChangesNothing() {
        directory.register("acme", "n1", n1.verifyingKey(), "evidence");
        directory.register("acme", "n1", n1.verifyingKey(), "evidence");
        assertThat(directory.ring("acme").entries()).hasSize(1);
    }

    @Test
    void oneKeyCannotSpeakForTwoNodes() {
        directory.register("acme", "n1", n1.verifyingKey(), "evidence");
        assertThatThrownBy(() -> directory.register("acme", "n2", n1.verifyingKey(), "evidence"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
    }

    @Test
    void aKeyOfAnotherDomainIsNotFoundAndNotTrustedForThisOne() {
        directory.register("globex", "g1", n2.verifyingKey(), "evidence");
        assertThat(directory.find("acme", n2.id())).isEmpty();
        assertThat(directory.ring("acme").entries()).isEmpty();
        VerifiedRecord foreign = EvidenceRecords.seal(n2, "g1", ChainHead.genesis("acme", "g1-0"),
                EvidenceKind.ISSUANCE, "jti-2", new byte[32], 1L);
        assertThatThrownBy(() -> EvidenceRecords.open(foreign.record(), directory.ring("acme")))
                .isInstanceOf(ProtocolException.class);
    }
}
