package dev.writ.node.sharding;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment that gives each sharded entity type's coordinator and its singleton manager the
 * node's fenced mailboxes: the manager {@code writ.cluster.singleton-mailbox} (no hand-over on
 * request while this node is the data center's oldest), the coordinator
 * {@code writ.cluster.coordinator-mailbox} (no region of another data center registered). Pekko
 * creates both actors itself, so a deployment entry by path is the only way to give them a mailbox;
 * {@link ShardFences} refuses to start a type without its entries.
 */
public final class CoordinatorMailboxes {
    static final String SINGLETON_MAILBOX = "writ.cluster.singleton-mailbox";
    static final String COORDINATOR_MAILBOX = "writ.cluster.coordinator-mailbox";

    private CoordinatorMailboxes() {
    }

    /** The deployment entries for {@code entityTypes}, to lay over the node's configuration. */
    public static Config deployment(List<String> entityTypes) {
        Map<String, Object> entries = new LinkedHashMap<>();
        for (String type : entityTypes) {
            entries.put(managerKey(type), SINGLETON_MAILBOX);
            entries.put(coordinatorKey(type), COORDINATOR_MAILBOX);
        }
        return ConfigFactory.parseMap(entries);
    }

    /** The configuration path of the mailbox of {@code type}'s coordinator's singleton manager. */
    static String managerKey(String type) {
        return ConfigUtil.joinPath("pekko", "actor", "deployment", "/sharding/" + type + "Coordinator", "mailbox");
    }

    /** The configuration path of the mailbox of {@code type}'s coordinator. */
    static String coordinatorKey(String type) {
        return ConfigUtil.joinPath("pekko", "actor", "deployment", "/sharding/" + type + "Coordinator/singleton/coordinator",
                "mailbox");
    }
}
