package dev.writ.chaos.nemesis;

import dev.writ.chaos.history.FaultKind;
import dev.writ.chaos.sut.SystemUnderTest;
import java.util.List;
import java.util.Random;

/**
 * The domain's journal database goes away (immediate shutdown of the drill's PostgreSQL: to the
 * nodes, a crash). Nodes must refuse what they cannot make durable (fail closed) and resume when
 * it is back; healing starts it again and waits until every node is HEALTHY.
 */
public final class DatabaseOutageNemesis implements Nemesis {
    private final SystemUnderTest sut;

    public DatabaseOutageNemesis(SystemUnderTest sut) {
        this.sut = sut;
    }

    @Override
    public FaultKind kind() {
        return FaultKind.DATABASE_OUTAGE;
    }

    @Override
    public Fault start(Random random) {
        sut.postgres().stop();
        return new Fault(null, "journal database down (" + sut.postgres().describe() + ", immediate shutdown)");
    }

    @Override
    public String heal() {
        sut.postgres().startServer();
        List<String> also = sut.restoreAll();
        return "journal database up" + (also.isEmpty() ? "" : "; " + String.join("; ", also));
    }
}
