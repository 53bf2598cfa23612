package dev.writ.cli;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.writ.protocol.bundle.BundleVerdict;
import dev.writ.protocol.bundle.Check;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verdict for machines: {"bundle", "verified", "holds", "skipped", "fault", "checks": [{name, status, fault, detail}]};
 * "verified" only when every check was performed and passed, "holds" when none failed.
 */
final class VerdictJson {
    private VerdictJson() {
    }

    static String of(Path file, BundleVerdict verdict) {
        List<Object> checks = new ArrayList<>();
        for (Check check : verdict.checks()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", check.name());
            c.put("status", check.status().name());
            c.put("fault", check.fault() == null ? null : check.fault().name());
            c.put("detail", check.detail());
            checks.add(c);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bundle", file.toString());
        json.put("verified", verdict.verified());
        json.put("holds", verdict.holds());
        json.put("skipped", verdict.skipped().stream().map(Check::name).toList());
        json.put("fault", verdict.firstFault().map(Enum::name).orElse(null));
        json.put("checks", checks);
        return JSONObjectUtils.toJSONString(json);
    }
}
