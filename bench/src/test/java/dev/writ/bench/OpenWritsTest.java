package dev.writ.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writ.protocol.wire.ExecutionContract;
import dev.writ.protocol.wire.ProposalResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenWritsTest {
    private static ProposalResponse allowExpiringAt(long millis) {
        return ProposalResponse.newBuilder().setWrit("w")
                .setContract(ExecutionContract.newBuilder().setExpiresAtMillis(millis).build().toByteString()).build();
    }

    @Test
    void redeemedWritsLeaveNothingToWaitFor() throws InterruptedException {
        OpenWrits open = new OpenWrits();
        open.admitted(allowExpiringAt(System.currentTimeMillis() + 60_000));
        open.redeemed();
        assertEquals(new GeneratorProtocol.Settled(0, 0), open.settle(Duration.ofSeconds(20)));
    }

    @Test
    void anUnredeemedWritIsWaitedForUntilItsExpiryIsSweptThenForgotten() throws InterruptedException {
        OpenWrits open = new OpenWrits();
        long expiresAt = System.currentTimeMillis() + 150;
        open.admitted(allowExpiringAt(expiresAt - 100_000));
        open.admitted(allowExpiringAt(expiresAt));
        open.redeemed();
        long before = System.currentTimeMillis();
        GeneratorProtocol.Settled settled = open.settle(Duration.ofMillis(100));
        assertEquals(1, settled.open());
        assertTrue(System.currentTimeMillis() >= expiresAt + 100, "returned before the last expiry was swept");
        assertTrue(settled.waitedMillis() <= System.currentTimeMillis() - before + 1);
        assertEquals(new GeneratorProtocol.Settled(0, 0), open.settle(Duration.ofMillis(100)), "a settled writ is forgotten");
    }

    @Test
    void aContractThatCannotBeReadIsWaitedForAsLongAsTheLongestWindow() throws InterruptedException {
        OpenWrits open = new OpenWrits();
        open.admitted(ProposalResponse.newBuilder().setWrit("w")
                .setContract(com.google.protobuf.ByteString.copyFromUtf8("\u00ff\u00ff not protobuf")).build());
        open.admitted(allowExpiringAt(System.currentTimeMillis()));
        Thread waiter = new Thread(() -> {
            try {
                open.settle(Duration.ZERO);
            } catch (InterruptedException expected) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(500);
        assertTrue(waiter.isAlive(), "an unreadable contract's writ must be waited for, not ignored");
        waiter.interrupt();
        waiter.join();
    }
}
