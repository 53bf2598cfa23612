package dev.writ.node.policy.chain;

import java.util.Optional;

/**
 * A governance step was refused or could not be carried out. {@link #code()} is the
 * PolicyRegistry's custom error name when the contract refused ({@code ThresholdNotMet},
 * {@code TimelockActive}, {@code NotOwner}, {@code AlreadyApproved}, {@code VersionNotIncreasing},
 * …), or one of {@code RPC_FAILED}, {@code TRANSACTION_FAILED}, {@code RECEIPT_TIMEOUT},
 * {@code REVERTED} (a revert without a known error), {@code NOT_ENCODABLE}.
 */
public final class PolicyGovernanceException extends Exception {
    private final String code;
    private final String revertData;

    public PolicyGovernanceException(String code, String message, String revertData) {
        super(code + ": " + message);
        this.code = code;
        this.revertData = revertData;
    }

    public PolicyGovernanceException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.revertData = null;
    }

    public String code() {
        return code;
    }

    /** The raw revert data (0x-hex) when the contract reverted. */
    public Optional<String> revertData() {
        return Optional.ofNullable(revertData);
    }
}
