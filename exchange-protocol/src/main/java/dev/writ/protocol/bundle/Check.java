package dev.writ.protocol.bundle;

import dev.writ.protocol.Fault;

/**
 * One check of a bundle verification. {@code name} is stable (it appears in --json output).
 *
 * @param fault the refusal code when the check failed, otherwise null
 */
public record Check(String name, Status status, Fault fault, String detail) {
    public enum Status { PASS, FAIL, SKIP }

    static Check pass(String name, String detail) {
        return new Check(name, Status.PASS, null, detail);
    }

    static Check fail(String name, Fault fault, String detail) {
        return new Check(name, Status.FAIL, fault, detail);
    }

    static Check skip(String name, String detail) {
        return new Check(name, Status.SKIP, null, detail);
    }
}
