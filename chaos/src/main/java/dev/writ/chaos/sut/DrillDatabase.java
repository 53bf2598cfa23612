package dev.writ.chaos.sut;

/** The drill's own database for its domain: one server ({@link PrivatePostgres}) or a primary and standby across regions. */
public sealed interface DrillDatabase extends AutoCloseable permits PrivatePostgres, RegionDatabase {
    /** The base URL for {@code DatabaseChoice.Postgres}, ending with '/'. */
    String baseUrl();

    /** What it is and where, for the report. */
    String describe();

    @Override
    void close();
}
