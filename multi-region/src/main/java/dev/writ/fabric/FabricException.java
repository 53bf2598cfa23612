package dev.writ.fabric;

/** A fabric could not be launched or driven; the message names the node and says what its log said. */
public class FabricException extends RuntimeException {
    public FabricException(String message) {
        super(message);
    }

    public FabricException(String message, Throwable cause) {
        super(message, cause);
    }
}
