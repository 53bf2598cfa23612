package dev.writ.contracts.devchain;

/** How the dev chain makes blocks. */
public sealed interface BlockProduction {
  /** A block every {@code seconds}, like an L2 sequencer: what the demo and timing-aware tests use. */
  record Interval(int seconds) implements BlockProduction {
    public Interval {
      if (seconds < 1) {
        throw new IllegalArgumentException("block time must be at least 1 s: " + seconds);
      }
    }
  }

  /** A block per transaction, at once: for fast tests where block time is irrelevant. */
  record Automine() implements BlockProduction {}
}
