package dev.writ.protocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Asserts that a call is refused with a given {@link Fault}. */
public final class FaultAssert {
    private FaultAssert() {
    }

    @FunctionalInterface
    public interface ThrowingCall {
        void run() throws Exception;
    }

    public static void assertFault(ThrowingCall call, Fault fault) {
        assertThatThrownBy(call::run).isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).fault()).isEqualTo(fault);
    }
}
