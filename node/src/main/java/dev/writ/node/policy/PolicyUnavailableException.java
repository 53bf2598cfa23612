package dev.writ.node.policy;

/** No trustworthy policy can be served: admission refuses everything until one can. */
public class PolicyUnavailableException extends Exception {
    public PolicyUnavailableException(String message) {
        super(message);
    }

    public PolicyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
