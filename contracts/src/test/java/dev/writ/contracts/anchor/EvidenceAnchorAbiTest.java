package dev.writ.contracts.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class EvidenceAnchorAbiTest {
    @Test
    void revertDataNamesEvidenceAnchorsCustomErrorsEvenWhenQuoted() {
        String selector = Hash.sha3String("BatchOutOfOrder(bytes32,uint64,uint64)").substring(0, 10);
        assertThat(EvidenceAnchorAbi.errorName(selector + "00".repeat(96))).contains("BatchOutOfOrder");
        assertThat(EvidenceAnchorAbi.errorName("\"" + selector + "00\"")).contains("BatchOutOfOrder");
        assertThat(EvidenceAnchorAbi.errorName(Hash.sha3String("RangeNotContiguous(bytes32,uint64,uint64)").substring(0, 10)))
                .contains("RangeNotContiguous");
        assertThat(EvidenceAnchorAbi.errorName("0x08c379a0")).isEmpty(); // Error(string): not one of ours
        assertThat(EvidenceAnchorAbi.errorName(null)).isEmpty();
    }

    @Test
    void domainsAreKeyedByTheKeccakOfTheirName() {
        assertThat(EvidenceAnchorAbi.domainId("acme")).isEqualTo(Hash.sha3("acme".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void anchorCallsCarryTheSelectorAndFiveWords() {
        String call = EvidenceAnchorAbi.anchor("acme", 3, 10, 19, OutboxDatabases.root("acme", 3));
        assertThat(call).startsWith(Hash.sha3String("anchor(bytes32,uint64,uint64,uint64,bytes32)").substring(0, 10));
        assertThat(call).hasSize(10 + 5 * 64);
    }
}
