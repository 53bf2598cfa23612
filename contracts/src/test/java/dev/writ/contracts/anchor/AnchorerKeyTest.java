package dev.writ.contracts.anchor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

class AnchorerKeyTest {
    /** anvil's first public test account: key and address are published, dev chains only. */
    private static final String ANVIL_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String ANVIL_ADDRESS = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    private static final BigInteger ORDER = Sign.CURVE_PARAMS.getN();

    @TempDir
    Path dir;

    private static String hex64(BigInteger k) {
        return Numeric.toHexStringNoPrefixZeroPadded(k, 64);
    }

    @Test
    void aKeyWithOrWithoutItsPrefixIsTheSameWallet() {
        assertThat(AnchorerKey.parse(ANVIL_KEY).address()).isEqualTo(ANVIL_ADDRESS);
        assertThat(AnchorerKey.parse("0x" + ANVIL_KEY).address()).isEqualTo(ANVIL_ADDRESS);
        assertThat(AnchorerKey.parse("0x" + ANVIL_KEY.toUpperCase()).credentials().getAddress()).isEqualTo(ANVIL_ADDRESS);
    }

    @Test
    void itPrintsItsAddressNeverTheKey() {
        AnchorerKey key = AnchorerKey.parse("0x" + ANVIL_KEY);

        assertThat(key.toString()).contains(ANVIL_ADDRESS).doesNotContainIgnoringCase(ANVIL_KEY);
    }

    @Test
    void somethingElseThan32BytesOfHexIsRefusedWithoutEchoingIt() {
        String secretish = ANVIL_KEY.substring(0, 62);
        for (String bad : new String[] {"", secretish, ANVIL_KEY + "00", "0x" + secretish + "zz", " " + ANVIL_KEY,
                "0X" + ANVIL_KEY}) {
            assertThatThrownBy(() -> AnchorerKey.parse(bad)).as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("32 bytes of hex")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secretish));
        }
        assertThatThrownBy(() -> AnchorerKey.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNumberOutsideTheCurvesKeyRangeIsRefused() {
        for (BigInteger k : new BigInteger[] {BigInteger.ZERO, ORDER, ORDER.add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)}) {
            assertThatThrownBy(() -> AnchorerKey.parse(hex64(k))).as(k.toString(16))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a secp256k1 private key")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(hex64(k)));
        }
    }

    @Test
    void theSmallestAndLargestKeysAreAccepted() {
        assertThat(AnchorerKey.parse(hex64(BigInteger.ONE)).credentials().getEcKeyPair().getPrivateKey())
                .isEqualTo(BigInteger.ONE);
        assertThat(AnchorerKey.parse(hex64(ORDER.subtract(BigInteger.ONE))).credentials().getEcKeyPair().getPrivateKey())
                .isEqualTo(ORDER.subtract(BigInteger.ONE));
    }

    @Test
    void aKeyFileHoldsOneLineOfHex() throws Exception {
        Path file = Files.writeString(dir.resolve("anchorer.key"), "0x" + ANVIL_KEY + "\n");

        assertThat(AnchorerKey.read(file).address()).isEqualTo(ANVIL_ADDRESS);
    }

    @Test
    void aMissingKeyFileIsNamedInTheError() {
        Path missing = dir.resolve("no-such.key");

        assertThatThrownBy(() -> AnchorerKey.read(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot read the anchorer key file").hasMessageContaining(missing.toString());
    }

    @Test
    void aKeyFileWithSomethingElseNamesTheFileButNotItsContent() throws Exception {
        String content = ANVIL_KEY.substring(0, 40);
        Path file = Files.writeString(dir.resolve("anchorer.key"), content + "\n");

        assertThatThrownBy(() -> AnchorerKey.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("32 bytes of hex")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(content));
    }
}
