package dev.writ.bench;

/**
 * The floor line, measured in the same run as the phases: the durable one-row insert
 * ({@link FloorInsert}) and the CPU of one action's cryptography ({@link CryptoFloor}).
 *
 * <p>A latency's <em>multiple of the floor</em> is that percentile divided by the same percentile
 * of the floor insert: admission p99 ÷ insert p99, and so on. 1× would be a node that answers as
 * fast as one durable commit of one client.
 *
 * @param insertWhere which database the inserts went to
 */
public record Floor(LatencySummary insert, int inserts, String insertWhere, CryptoFloor.Cost crypto) {

    /** {@code micros} as a multiple of the floor insert's percentile {@code floorMicros}; NaN without one. */
    public static double multiple(long micros, long floorMicros) {
        return micros <= 0 || floorMicros <= 0 ? Double.NaN : (double) micros / floorMicros;
    }

    public double p50Multiple(LatencySummary l) {
        return multiple(l.p50(), insert.p50());
    }

    public double p99Multiple(LatencySummary l) {
        return multiple(l.p99(), insert.p99());
    }
}
