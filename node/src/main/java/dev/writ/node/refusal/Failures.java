package dev.writ.node.refusal;

/** The innermost cause of a failure: what an operator needs to read, under the wrappers futures add. */
public final class Failures {
    private Failures() {
    }

    public static Throwable root(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
